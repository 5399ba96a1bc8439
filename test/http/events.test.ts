import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { BorrowError, StoreError, createLayer, memoryStore, remoteLayer, serveLayer, type CacheStore, type RouteInvalidation } from "../../src/index.js";
import { serveNode } from "../../src/node/index.js";
import { transports } from "./transports.js";
import { app, eventually } from "./app.js";
import { noRouteInThisTest } from "../helpers/no-route.js";

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function servedEdge(options: { port?: number } = {}) {
  const edge = createLayer(app, "edge");
  const server = await serveNode(serveLayer(edge, { expose: ["product_cache", "profile"], heartbeatMs: 50 }), options);
  cleanups.push(() => server.close());
  return { edge, server };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describe("invalidations reach remote readers as server-sent events", () => {
  it("a write to 'data:1' at the server invalidates 'products:1' at the edge over HTTP, and the edge's readers hear it", async () => {
    const { edge, server: edgeServer } = await servedEdge();
    await edge.own("product_cache").set("products:1", "lamp");
    const toEdge = remoteLayer(edgeServer.url, { layer: "edge" });
    const server = createLayer(app, "server", { remotes: { edge: toEdge } });
    const reader = remoteLayer(edgeServer.url, { layer: "edge" });
    cleanups.push(() => reader.close());
    const heard: RouteInvalidation[] = [];
    reader.onInvalidate((invalidation) => heard.push(invalidation));
    await reader.subscribed();
    await server.own("data_cache").set("data:1", { v: 1 });
    assert.equal(await edge.own("product_cache").get("products:1"), undefined, "the edge dropped its products");
    // The captured '1' of 'data:*' carries over to 'products:*'.
    await eventually(() => heard.some((h) => h.cache === "product_cache" && h.target === "products:1" && !h.isPattern));
  });

  it("real_time: every read reaches the owner, and a write is pushed to readers at once (latency p50/p99)", async () => {
    const server = createLayer(app, "server", { remotes: { edge: noRouteInThisTest } });
    const served = await serveNode(serveLayer(server, { expose: ["live_prices"] }));
    cleanups.push(() => served.close());
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const route = remoteLayer(served.url, { layer: "server", fetch: counting });
    cleanups.push(() => route.close());
    const client = createLayer(app, "client", { remotes: { server: route, edge: noRouteInThisTest } });
    const prices = server.own("live_prices");
    await prices.set("price:btc", 1);
    const before = requests;
    for (let i = 0; i < 5; i++) assert.equal(await client.borrow("live_prices").get("price:btc"), 1);
    assert.equal(requests - before, 5, "five reads, five requests: nothing kept on the client");

    const heardAt = new Map<string, number>();
    route.onInvalidate((invalidation) => heardAt.set(invalidation.target, performance.now()));
    await route.subscribed();
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const key = `price:p${i}` as const;
      const start = performance.now();
      await prices.set(key, i);
      await eventually(() => heardAt.has(key), 1000);
      latencies.push(heardAt.get(key)! - start);
      assert.equal(await client.borrow("live_prices").get(key), i, "the next read sees the new value");
    }
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(`# real_time push latency over loopback SSE: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (n=30)`);
    assert.ok(p99 < 250, `p99 ${p99} ms`);
  });

  it("a private cache's events go only to callers authorize lets hear that key", async () => {
    const server = createLayer(app, "server", { remotes: { edge: noRouteInThisTest } });
    const served = await serveNode(
      serveLayer(server, {
        expose: ["carts"],
        authorize: (request, access) => {
          const user = request.headers.get("Authorization")?.replace("User ", "");
          if (user === undefined) return false;
          return access.cache === "*" || access.key === `cart:${user}`;
        },
      }),
    );
    cleanups.push(() => served.close());
    const alice = remoteLayer(served.url, { layer: "server", headers: { Authorization: "User alice" } });
    cleanups.push(() => alice.close());
    const heard: string[] = [];
    alice.onInvalidate((invalidation) => heard.push(invalidation.target));
    await alice.subscribed();
    await server.own("carts").set("cart:bob", ["socks"]);
    await server.own("carts").set("cart:alice", ["hat"]);
    await eventually(() => heard.includes("cart:alice"));
    assert.deepEqual(heard, ["cart:alice"], "alice never learns that bob's cart changed");
    assert.deepEqual((await alice.read("carts", "cart:alice")).value, ["hat"]);
    await assert.rejects(alice.read("carts", "cart:bob"), /HTTP 403/);
  });

  it("after the feed drops and comes back, readers are told to drop every exposed pattern", async () => {
    const first = await servedEdge();
    const reader = remoteLayer(first.server.url, { layer: "edge", reconnect: { min: 20, max: 100 } });
    cleanups.push(() => reader.close());
    const heard: RouteInvalidation[] = [];
    reader.onInvalidate((invalidation) => heard.push(invalidation));
    await reader.subscribed();
    await first.server.close();
    const second = await servedEdge({ port: first.server.port });
    await eventually(() => heard.length >= 2, 3000);
    assert.deepEqual(heard.map((h) => h.target).sort(), ["products:*", "profile:*"]);
    await reader.subscribed();
    await second.edge.own("product_cache").set("products:9", 9);
    await eventually(() => heard.some((h) => h.target === "products:9"));
  });
});

for (const [transport, remoteLayer] of transports)
  describe(`failures become errors that name the layer and URL, never hangs (reads by ${transport})`, () => {
    it("a stopped owner is a BorrowError 'route-to-owner' with the network error as cause", async () => {
      const { server } = await servedEdge();
      const url = server.url;
      await server.close();
      const remote = remoteLayer(url, { layer: "edge", timeout: 1000 });
      await assert.rejects(
        remote.read("product_cache", "products:1"),
        (error: unknown) =>
          error instanceof BorrowError &&
          error.rule === "route-to-owner" &&
          error.cause !== undefined &&
          error.layer === "edge" &&
          error.message === `✗ cannot reach layer 'edge' at '${url}' to read 'products:1' of cache 'product_cache' — check that it is up and serves this URL`,
      );
      await assert.rejects(remote.invalidate("product_cache", "products:1", false), /cannot reach layer 'edge'/);
    });

    it("an owner that never answers fails after the timeout", async () => {
      const silent: Server = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            silent.close(() => resolve());
            silent.closeAllConnections();
          }),
      );
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      const remote = remoteLayer(url, { layer: "edge", timeout: 150 });
      const start = performance.now();
      await assert.rejects(remote.read("product_cache", "products:1"), (error: unknown) => error instanceof BorrowError && error.rule === "route-to-owner");
      const took = performance.now() - start;
      assert.ok(took >= 140 && took < 1000, `took ${took} ms`);
    });

    it("a failing store answers 503 without its details, and the handler keeps serving", async () => {
      let failing = false;
      const inner = memoryStore();
      // A chaos wrapper: the store throws while `failing` is set.
      const chaos: CacheStore = {
        kind: "chaos",
        partition(cache, options) {
          const partition = inner.partition(cache, options);
          return {
            ...partition,
            get: (key) => {
              if (failing) throw new StoreError({ layer: "edge", store: "chaos", key, operation: "get", cause: new Error("redis://10.0.0.1 down") });
              return partition.get(key);
            },
            getMany: (keys) => partition.getMany(keys),
            set: (key, entry, ttl) => partition.set(key, entry, ttl),
            delete: (key) => partition.delete(key),
            keys: (pattern) => partition.keys(pattern),
            clear: () => partition.clear(),
          };
        },
      };
      const edge = createLayer(app, "edge", { store: chaos });
      const errors: unknown[] = [];
      const served = await serveNode(serveLayer(edge, { expose: ["product_cache"], onError: (error) => errors.push(error) }));
      cleanups.push(() => served.close());
      await edge.own("product_cache").set("products:1", "lamp");
      failing = true;
      const down = await fetch(`${served.url}c/product_cache?key=products%3A1`);
      assert.equal(down.status, 503);
      const body = await down.text();
      // The failed operation only, never the store's own error (its address) — enough for the borrower to
      // raise the StoreError an in-process borrower gets for the same call.
      assert.equal(body, '{"error":"store unavailable","operation":"get"}');
      assert.equal(errors.length, 1);
      await assert.rejects(
        remoteLayer(served.url, { layer: "edge" }).read("product_cache", "products:1"),
        (error: unknown) =>
          error instanceof StoreError &&
          error.layer === "edge" &&
          error.cache === "product_cache" &&
          error.key === "products:1" &&
          error.operation === "get" &&
          !error.message.includes("10.0.0.1"),
      );
      failing = false;
      assert.equal((await remoteLayer(served.url, { layer: "edge" }).read("product_cache", "products:1")).value, "lamp");
    });
  });
