// A source may be a class instance whose `load` reads `this` (a repository object): the layer calls it
// as a method, on a plain miss, a streamed miss and an atomicUpdate alike.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer, defineManifest } from "../../src/index.js";

const app = defineManifest({
  caches: {
    data_cache: { primary: "server", owns: ["data:*"] },
    counters: { primary: "server", owns: ["count:*"], exclusive: true },
    videos: { primary: "server", owns: ["video:*"], streaming: true, chunkSize: "4B" },
  },
});

class Repository {
  readonly #rows = new Map<string, unknown>([
    ["data:1", { name: "lamp" }],
    ["count:1", 41],
    ["video:1", new Uint8Array([1, 2, 3, 4, 5])],
  ]);
  async load(key: string): Promise<unknown> {
    return this.#rows.get(key);
  }
}

describe("a source that is a class instance", () => {
  it("is called as a method: its `this` is the instance", async () => {
    const repository = new Repository();
    const server = createLayer(app, "server", { sources: { data_cache: repository, counters: repository, videos: repository } });
    assert.deepEqual(await server.own("data_cache").get("data:1"), { name: "lamp" });
    assert.equal(await server.own("counters").atomicUpdate("count:1", (n) => (n as number) + 1), 42);
    const bytes: number[] = [];
    for await (const chunk of server.own("videos").stream("video:1")) bytes.push(...chunk);
    assert.deepEqual(bytes, [1, 2, 3, 4, 5]);
  });
});
