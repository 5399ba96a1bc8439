import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { serveLayer } from "../../src/runtime/http/serve-layer.js";
import { remoteLayer, type RemoteLayer } from "../../src/runtime/http/remote-layer.js";
import type { LayerRoute, RouteInvalidation } from "../../src/runtime/contracts/route.js";
import { serveNode, type NodeServer } from "../../src/node/serve-node.js";
import { startWorker, type Worker } from "../helpers/miniflare.js";
import { app, eventually } from "../http/app.js";

const ORIGIN_TOKEN = "Bearer origin-token";
const EDGE_TOKEN = "Bearer edge-token";

describe("the edge layer inside workerd (miniflare), borrowed over loopback HTTP", () => {
  // The edge's URL is known once its worker listens: the route is given lazily, as a function.
  const remotes: Record<string, LayerRoute> = {};
  const server = createLayerRuntime(app, "server", { remotes: { edge: () => remotes.edge } });
  let origin: NodeServer;
  let worker: Worker;
  let edge: RemoteLayer;
  let originReads = 0;

  before(async () => {
    const serveOrigin = serveLayer(server, { expose: ["data_cache"], authorize: (request) => request.headers.get("Authorization") === ORIGIN_TOKEN });
    origin = await serveNode((request) => {
      originReads++;
      return serveOrigin(request);
    });
    worker = await startWorker(new URL("./worker/entry.ts", import.meta.url), { ORIGIN: origin.url, ORIGIN_TOKEN, EDGE_TOKEN });
    edge = remoteLayer(worker.url, { layer: "edge" });
    // The server reaches the edge's owner over HTTP, with the token the edge's authorize wants for invalidations.
    remotes.edge = remoteLayer(worker.url, { layer: "edge", headers: { Authorization: EDGE_TOKEN } });
  });
  after(async () => {
    edge?.close();
    await worker?.close();
    await origin?.close();
  });

  it("a miss at the edge loads from the origin once; the next read is a Cache API hit", async () => {
    await server.own("data_cache").set("data:1", { name: "lamp", price: 30n, at: new Date(1) });
    const before = originReads;
    const first = await edge.read("product_cache", "products:1");
    assert.deepEqual(first.value, { name: "lamp", price: 30n, at: new Date(1) });
    assert.equal(first.layer, "edge");
    const second = await edge.read("product_cache", "products:1");
    assert.equal(second.hit, true);
    assert.deepEqual(second.value, first.value);
    assert.equal(originReads - before, 1, "the origin was read once");
    const response = await fetch(`${worker.url}c/product_cache?key=products%3A1`);
    assert.equal(response.headers.get("X-Cache"), "hit");
    assert.equal(response.headers.get("X-Borrowcache-Layer"), "edge");
  });

  it("a server write invalidates 'products:1' in workerd over HTTP; edge readers hear it and reread the new value", async () => {
    await server.own("data_cache").set("data:2", "old");
    assert.equal((await edge.read("product_cache", "products:2")).value, "old");
    const heard: RouteInvalidation[] = [];
    edge.onInvalidate((invalidation) => heard.push(invalidation));
    await edge.subscribed();
    const start = performance.now();
    await server.own("data_cache").set("data:2", "new");
    await eventually(() => heard.some((h) => h.target === "products:2"), 2000);
    console.log(`# server write → workerd edge drop → Node SSE reader: ${(performance.now() - start).toFixed(1)} ms`);
    assert.equal((await edge.read("product_cache", "products:2")).value, "new");
  });

  it("denies by default inside workerd too: unexposed caches 404, invalidation without the token 403", async () => {
    const secret = await fetch(`${worker.url}c/secret_cache?key=secret%3A1`);
    assert.equal(secret.status, 404);
    assert.equal(await secret.text(), '{"error":"not found"}');
    await assert.rejects(edge.invalidate("product_cache", "products:1", false), /HTTP 403/);
    const bad = await fetch(`${worker.url}c/product_cache?key=orders%3A1`);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { rule: string }).rule, "key-in-patterns");
  });

  it("keeps entries in the Cache API with a Cache-Control max-age (without one, workerd would not store them)", async () => {
    const caches = (await worker.mf.getCaches()) as unknown as CacheStorage;
    const cache = await caches.open("borrowcache-edge");
    const stored = await cache.match("https://borrowcache.invalid/product_cache?k=products%3A1");
    assert.ok(stored, "products:1 is in the edge's Cache API");
    assert.match(stored.headers.get("Cache-Control") ?? "", /^max-age=\d+$/);
    assert.match(await stored.text(), /"lamp"/);
  });

  it("writes its key index within the request that stored the value (workerd cancels I/O left after the response)", async () => {
    await server.own("data_cache").set("data:7", "chair");
    assert.equal((await edge.read("product_cache", "products:7")).value, "chair");
    const caches = (await worker.mf.getCaches()) as unknown as CacheStorage;
    const index = await (await caches.open("borrowcache-edge")).match("https://borrowcache.invalid/product_cache?index");
    assert.ok(index, "the index is in the Cache API");
    const keys = ((await index.json()) as [string, unknown][]).map(([key]) => key);
    assert.ok(keys.includes("products:7"), `the index lists products:7 (it lists ${keys.join(", ")})`);
  });
});
