// layer.close() closes what the layer uses — its store and bus — once no other layer of this process
// uses them: a script that created a Redis layer exits after close(), and a store shared by two layers
// is closed by the last of them only.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createLayer, defineManifest, memoryBus, type CacheStore } from "../../src/index.js";
import { memoryStore } from "../../src/index.js";

const app = defineManifest({ caches: { data_cache: { primary: "server", owns: ["data:*"] } } });

describe("close", () => {
  it("a script with a layer on redisStore and redisBus exits after close(), leaving no socket open", async () => {
    const script = fileURLToPath(new URL("./fixtures/close-exits.ts", import.meta.url));
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], { timeout: 20_000, env: process.env });
    assert.equal(stdout.trim(), '{"ok":true}');
    assert.ok(Date.now() - started < 20_000);
  });

  it("a store and bus shared by two layers are closed once, by the last layer to close", async () => {
    let closes = 0;
    const inner = memoryStore();
    const store: CacheStore = { kind: "counting", partition: (cache, options) => inner.partition(cache, options), close: async () => void closes++ };
    const bus = memoryBus();
    let busCloses = 0;
    const countingBus = { ...bus, close: async () => void busCloses++ };
    const a = createLayer(app, "server", { store, bus: countingBus, processId: "a" });
    const b = createLayer(app, "server", { store, bus: countingBus, processId: "b" });
    await a.close();
    assert.deepEqual([closes, busCloses], [0, 0], "b still uses them");
    await b.own("data_cache").set("data:1", 1);
    await b.close();
    await b.close();
    assert.deepEqual([closes, busCloses], [1, 1]);
  });
});
