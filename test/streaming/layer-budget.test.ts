// A streaming cache with a byte budget (maxSize): a value past the budget is refused, and a value whose
// chunk or header the store evicted becomes a miss, never a value with a hole in it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ValueError, createLayer, defineManifest, memoryStore } from "../../src/index.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "1KB", maxSize: "8KB" },
  },
});
const video = (length: number, seed = 1) => Uint8Array.from({ length }, (_, i) => (i * 5 + seed) & 0xff);

async function collect(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.byteLength;
  return bytes;
}

async function keysOf(store: ReturnType<typeof memoryStore>): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.partition("video_cache", {}).keys()) keys.push(key);
  return keys;
}

describe("streaming caches with a byte budget", () => {
  it("a video larger than maxSize is refused with a ValueError, leaves nothing of itself, and breaks no other video", async () => {
    const store = memoryStore();
    const edge = createLayer(app, "edge", { store });
    try {
      await edge.own("video_cache").putStream("video:1", video(3 * 1024));
      await assert.rejects(
        edge.own("video_cache").putStream("video:2", video(20 * 1024)),
        (error: unknown) =>
          error instanceof ValueError && /'video:2' in cache 'video_cache' takes \d+ bytes, more than its maxSize of 8192 bytes/.test(error.message),
      );
      const keys = await keysOf(store);
      assert.ok(
        keys.every((key) => !key.endsWith("video:2")),
        "no chunk of the refused video is left",
      );
      // Its chunks may have pushed video:1 out of the budget on the way, as any write may: then video:1
      // is gone whole (header and chunks), never half.
      if (keys.includes("video:1")) assert.equal(await collect(edge.own("video_cache").stream("video:1")), 3 * 1024);
      else assert.deepEqual(keys, []);
    } finally {
      await edge.close();
    }
  });

  it("a video whose chunks were evicted for a newer one is a miss, not a value with a hole", async () => {
    let loads = 0;
    const store = memoryStore();
    const edge = createLayer(app, "edge", { store, sources: { video_cache: { load: async (key: string) => ((loads += 1), video(3 * 1024, key.length)) } } });
    try {
      await edge.own("video_cache").putStream("video:1", video(5 * 1024));
      await edge.own("video_cache").putStream("video:2", video(5 * 1024)); // the budget evicts video:1's oldest chunks
      assert.equal(await collect(edge.own("video_cache").stream("video:1")), 3 * 1024, "reloaded from the source");
      assert.equal(loads, 1);
    } finally {
      await edge.close();
    }
  });
});
