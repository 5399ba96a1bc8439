// Cold-start amplification (seed disaster 5), end to end: warming a server layer's `warm.prefetch`
// patterns from its source means the first requests through a borrowing edge never reach the source.
// Internal units: warmPlan and warmCaches (the engine behind layer.warm) and the model they read have no public face.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createLayer, defineManifest, memoryStore, type LayerOptions, type WarmProgress } from "../../src/index.js";
import { modelOf } from "../../src/runtime/model/model-of.js";
import { warmCaches, warmPlan, type WarmFiller } from "../../src/runtime/warm/index.js";

// warmPlan names each cache by a string, as layer.warm() does inside: its writes go through the untyped own().
const storeThrough = (layer: object) => (cache: string) => setThrough((key, value) => (layer as any).own(cache).set(key, value));

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*"], backfill: true } },
    catalog: { primary: "server", owns: ["catalog:*"], warm: { prefetch: ["catalog:*"], backfill: true } },
    plain: { primary: "server", owns: ["plain:*"] },
  },
});

// A database whose loads are counted and whose concurrency is observed.
function database(prefix: string, count: number) {
  let loads = 0;
  let inFlight = 0;
  let peak = 0;
  return {
    stats: () => ({ loads, peak }),
    async load(key: string) {
      loads += 1;
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return { key };
    },
    async *keys(pattern: string) {
      // A sloppy scan: it also lists a key outside the pattern, which must not be warmed.
      for (let i = 0; i < count; i += 1) yield `${prefix}${i}`;
      yield `orders:${pattern}`;
    },
  };
}

async function keysOf(store: ReturnType<typeof memoryStore>, cache: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.partition(cache, {}).keys()) keys.push(key);
  return keys;
}

describe("warm start through a layer", () => {
  it("after warming, 1,000 requests through a borrowing edge load nothing from the source and the edge holds nothing", async () => {
    const db = database("popular:", 100);
    const serverStore = memoryStore();
    const edgeStore = memoryStore();
    const server = createLayer(app, "server", { store: serverStore, sources: { data_cache: db, catalog: database("catalog:", 3) } });
    const edge = createLayer(app, "edge", { store: edgeStore, remotes: { server } });
    try {
      const progress: WarmProgress[] = [];
      const result = await warmCaches({
        caches: warmPlan(modelOf(app), "server", { data_cache: db, catalog: database("catalog:", 3) }, storeThrough(server)),
        concurrency: 8,
        onProgress: (event) => progress.push(event),
      });
      assert.equal(result.ok, true);
      assert.deepEqual(
        result.caches.map((c) => [c.cache, c.loaded, c.skipped]),
        [
          ["data_cache", 100, 1],
          ["catalog", 3, 1],
        ],
      );
      assert.ok(db.stats().peak <= 8, "the concurrency limit holds through a real layer");
      assert.deepEqual(progress.filter((p) => p.cache === "data_cache").at(-1), { cache: "data_cache", phase: "end", done: 100, total: 100, failed: 0 });
      const loadsAfterWarm = db.stats().loads;
      const borrowed = edge.borrow("data_cache");
      for (let i = 0; i < 1_000; i += 1) assert.deepEqual(await borrowed.get(`popular:${i % 100}`), { key: `popular:${i % 100}` });
      assert.equal(db.stats().loads, loadsAfterWarm, "no request reached the source");
      assert.equal((await keysOf(serverStore, "data_cache")).length, 100);
      assert.deepEqual(await keysOf(edgeStore, "data_cache"), []);
    } finally {
      await edge.close();
      await server.close();
    }
  });

  it("a warm cache whose source cannot list keys is reported by cache and layer, and the others warm", async () => {
    // What the test is about: a warm cache's source without keys(), which tsc refuses, as JavaScript passes it.
    const server = createLayer(app, "server", { sources: { data_cache: { load: async (key: string) => ({ key }) } } } as unknown as LayerOptions<
      typeof app,
      "server"
    >);
    try {
      const catalog = database("catalog:", 5);
      const result = await warmCaches({
        caches: warmPlan(modelOf(app), "server", { data_cache: { load: async (key: string) => ({ key }) }, catalog }, storeThrough(server)),
      });
      assert.equal(result.ok, false);
      assert.equal(result.errors.length, 1);
      assert.equal(result.errors[0]?.stage, "keys");
      assert.match(String((result.errors[0]?.error as Error).message), /cache 'data_cache' warms on layer 'server' but its source has no keys\(pattern\)/);
      assert.equal(result.caches.find((c) => c.cache === "catalog")?.loaded, 5);
    } finally {
      await server.close();
    }
  });

  it("the plan holds only the warm caches this layer owns", () => {
    const plan = warmPlan(modelOf(app), "server", {}, () => setThrough(async () => undefined));
    assert.deepEqual(
      plan.map((c) => [c.cache, c.prefetch, c.owns]),
      [
        ["data_cache", ["popular:*"], ["data:*", "popular:*"]],
        ["catalog", ["catalog:*"], ["catalog:*"]],
      ],
    );
    assert.deepEqual(
      warmPlan(modelOf(app), "edge", {}, () => setThrough(async () => undefined)),
      [],
    );
  });

  it("layer.warm() runs the engine: every listed key of the warm caches, within the limit, with progress", async () => {
    const db = database("popular:", 60);
    const catalog = database("catalog:", 4);
    const store = memoryStore();
    const server = createLayer(app, "server", { store, sources: { data_cache: db, catalog } });
    try {
      const progress: WarmProgress[] = [];
      const result = await server.warm({ concurrency: 3, onProgress: (event) => progress.push(event) });
      assert.equal(result.ok, true);
      assert.deepEqual(result.caches.map((c) => [c.cache, c.loaded]).sort(), [
        ["catalog", 4],
        ["data_cache", 60],
      ]);
      assert.ok(db.stats().peak <= 3);
      assert.equal((await keysOf(store, "data_cache")).length, 60);
      assert.deepEqual(
        progress
          .filter((p) => p.cache === "catalog")
          .map((p) => p.phase)
          .at(-1),
        "end",
      );
      const only = await server.warm({ caches: ["catalog"] });
      assert.deepEqual(
        only.caches.map((c) => c.cache),
        ["catalog"],
      );
    } finally {
      await server.close();
    }
  });
});

/** A warm filler that stores through a handle's `set` (no fill tickets: these tests are about the plan). */
function setThrough(set: (key: string, value: unknown) => Promise<unknown>): WarmFiller<undefined> {
  return { open: () => undefined, close: () => {}, fill: async (key, value) => (await set(key, value), true) };
}
