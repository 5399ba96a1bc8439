// Redundant caching (seed disaster 2): a borrowed read goes to the owner and is never stored by the borrower.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer, memoryStore, type LayerRoute, type RouteRead } from "../../src/index.js";
import { app } from "./helpers/app.js";
import { noRouteInThisTest } from "../helpers/no-route.js";

async function keysOf(store: ReturnType<typeof memoryStore>, cache: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.partition(cache, {}).keys()) keys.push(key);
  return keys;
}

describe("borrow without copy", () => {
  it("after many borrowed reads the borrower's store holds nothing for that key", async () => {
    const edgeStore = memoryStore();
    const clientStore = memoryStore();
    let loads = 0;
    const edge = createLayer(app, "edge", {
      remotes: { server: noRouteInThisTest },
      store: edgeStore,
      sources: {
        product_cache: {
          load: async (key) => {
            loads++;
            return { key, price: 10 };
          },
        },
      },
    });
    const client = createLayer(app, "client", { store: clientStore, remotes: { edge, server: noRouteInThisTest } });
    const products = client.borrow("products:*");
    for (let i = 0; i < 1000; i++) assert.deepEqual(await products.get("products:1"), { key: "products:1", price: 10 });
    assert.equal(loads, 1);
    assert.deepEqual(await keysOf(clientStore, "product_cache"), []);
    assert.deepEqual(await keysOf(edgeStore, "product_cache"), ["products:1"]);
    assert.equal(client.stats().total.sets, 0);
    assert.equal(edge.stats().caches.product_cache!.hits, 999);
  });

  it("reads through a non-layer route (as over HTTP) and stores nothing either", async () => {
    const clientStore = memoryStore();
    const reads: string[] = [];
    const route: LayerRoute = {
      layerName: "edge",
      async read(cache, key): Promise<RouteRead> {
        reads.push(`${cache}/${key}`);
        return { hit: true, value: { key }, stale: false, storedAt: 1000, expiresAt: undefined, layer: "edge" };
      },
      stream: () => {
        throw new Error("not used");
      },
      invalidate: async () => {},
      onInvalidate: () => () => {},
    };
    const client = createLayer(app, "client", { store: clientStore, remotes: { edge: route, server: noRouteInThisTest } });
    const products = client.borrow("product_cache");
    assert.deepEqual(await products.get("products:2"), { key: "products:2" });
    assert.deepEqual(await products.getMany(["products:3", "products:4"]), [{ key: "products:3" }, { key: "products:4" }]);
    assert.equal(await products.has("products:5"), true);
    const meta = await products.getWithMeta("products:6");
    assert.equal(meta.layer, "edge");
    assert.equal(meta.hit, true);
    assert.equal(reads.length, 5);
    assert.deepEqual(await keysOf(clientStore, "product_cache"), []);
  });

  it("getWithMeta through an in-process owner names the owner layer", async () => {
    const edge = createLayer(app, "edge", { remotes: { server: noRouteInThisTest } });
    const client = createLayer(app, "client", { remotes: { edge, server: noRouteInThisTest } });
    await edge.own("product_cache").set("products:9", { p: 9 });
    const meta = await client.borrow("product_cache").getWithMeta("products:9");
    assert.deepEqual({ value: meta.value, hit: meta.hit, stale: meta.stale, layer: meta.layer }, { value: { p: 9 }, hit: true, stale: false, layer: "edge" });
  });

  it("a borrowed read sees the owner's new value right after a write", async () => {
    const edge = createLayer(app, "edge", { remotes: { server: noRouteInThisTest } });
    const client = createLayer(app, "client", { remotes: { edge, server: noRouteInThisTest } });
    await edge.own("product_cache").set("products:1", { v: 1 });
    assert.deepEqual(await client.borrow("product_cache").get("products:1"), { v: 1 });
    await edge.own("product_cache").set("products:1", { v: 2 });
    assert.deepEqual(await client.borrow("product_cache").get("products:1"), { v: 2 });
  });
});
