// Observability: per-cache counters and events carrying key, cache and layer.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer, type LayerEventName } from "../../src/index.js";
import { app } from "./helpers/app.js";
import { noRouteInThisTest } from "../helpers/no-route.js";

describe("stats", () => {
  it("counts hits, misses, loads, sets, deletes, invalidations, evictions and bytes per cache, with totals", async () => {
    const layer = createLayer(app, "edge", { remotes: { server: noRouteInThisTest }, sources: { product_cache: { load: async (key) => ({ key }) } } });
    const products = layer.own("product_cache");
    await products.get("products:1"); // miss + load
    await products.get("products:1"); // hit
    await products.set("products:2", { p: 2 });
    await products.delete("products:2");
    await layer.invalidate("products:1");
    const small = layer.own("small");
    for (let i = 0; i < 30; i++) await small.set(`small:${i}`, "y".repeat(100));
    const stats = layer.stats();
    assert.equal(stats.layer, "edge");
    const p = stats.caches.product_cache!;
    assert.deepEqual([p.hits, p.misses, p.loads, p.sets, p.deletes, p.invalidations], [1, 1, 1, 1, 1, 1]);
    const s = stats.caches.small!;
    assert.equal(s.sets, 30);
    assert.ok(s.evictions > 0);
    assert.ok(s.bytes > 0 && s.bytes <= 1024, `bytes ${s.bytes} within maxSize`);
    assert.equal(stats.total.sets, 31);
    assert.equal(
      stats.total.bytes,
      Object.values(stats.caches).reduce((sum, c) => sum + c.bytes, 0),
    );
    assert.equal(stats.caches.user_data, undefined); // only caches this layer owns
  });
});

describe("events", () => {
  it("emits hit, miss, load, set, delete, invalidate and evict with key, cache and layer", async () => {
    const layer = createLayer(app, "edge", { remotes: { server: noRouteInThisTest }, sources: { product_cache: { load: async (key) => ({ key }) } } });
    const seen: string[] = [];
    const names: LayerEventName[] = ["hit", "miss", "load", "set", "delete", "invalidate", "evict", "error"];
    for (const name of names) layer.on(name, (e) => seen.push(`${name} ${e.cache} ${e.key} ${e.layer}`));
    const products = layer.own("product_cache");
    await products.get("products:1");
    await products.get("products:1");
    await products.set("products:2", 2);
    await products.delete("products:2");
    await layer.invalidate("products:1");
    assert.deepEqual(seen, [
      "miss product_cache products:1 edge",
      "load product_cache products:1 edge",
      "hit product_cache products:1 edge",
      "set product_cache products:2 edge",
      "delete product_cache products:2 edge",
      "invalidate product_cache products:1 edge",
    ]);
    seen.length = 0;
    for (let i = 0; i < 12; i++) await layer.own("small").set(`small:${i}`, "z".repeat(100));
    assert.ok(seen.some((line) => line.startsWith("evict small small:0 edge")));
  });

  it("off stops a listener, and a throwing listener does not break the read", async () => {
    const layer = createLayer(app, "edge", { remotes: { server: noRouteInThisTest } });
    let calls = 0;
    const listener = () => {
      calls++;
      throw new Error("observer bug");
    };
    layer.on("set", listener);
    await layer.own("product_cache").set("products:1", 1);
    layer.off("set", listener);
    await layer.own("product_cache").set("products:1", 2);
    assert.equal(calls, 1);
    assert.equal(await layer.own("product_cache").get("products:1"), 2);
  });
});
