// Memory leaks (seed disaster 6), end to end: keys set in a layer's request scope are deleted when the
// scope ends — normally, on throw, on abort — from a real memory store and from real Redis.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { BorrowError, createLayer, defineManifest, memoryStore, redisStore, type CacheStore } from "../../src/index.node.js";
import { deleteNamespace, rawClient, REDIS_URL, testNamespace } from "../redis/support.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    request_temp: { primary: "server", owns: ["req:*"], lifetime: "request" },
    data_cache: { primary: "server", owns: ["data:*"] },
  },
});

async function keysOf(store: CacheStore, cache: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.partition(cache, {}).keys()) keys.push(key);
  return keys;
}

describe("request scopes through a layer", () => {
  it("`await using req = server.requestScope()` deletes what it set, and only that", async () => {
    const store = memoryStore();
    const server = createLayer(app, "server", { store });
    try {
      await server.own("data_cache").set("data:1", { kept: true });
      {
        await using req = server.requestScope();
        await req.setScoped("req:1:user", { id: 1 });
        await req.setScoped("req:1:cart", [1, 2]);
        assert.deepEqual(await server.own("request_temp").get("req:1:user"), { id: 1 });
      }
      assert.deepEqual(await keysOf(store, "request_temp"), []);
      assert.deepEqual(await keysOf(store, "data_cache"), ["data:1"]);
    } finally {
      await server.close();
    }
  });

  it("server.scope('request', …) cleans up when the handler throws, and the error reaches the caller", async () => {
    const store = memoryStore();
    const server = createLayer(app, "server", { store });
    try {
      await assert.rejects(
        server.scope("request", async (req) => {
          await req.setScoped("req:2:user", { id: 2 });
          throw new Error("handler crashed");
        }),
        /handler crashed/,
      );
      assert.deepEqual(await keysOf(store, "request_temp"), []);
    } finally {
      await server.close();
    }
  });

  it("an aborted request (client gone) deletes its keys without waiting for the handler", async () => {
    const store = memoryStore();
    const server = createLayer(app, "server", { store });
    try {
      const controller = new AbortController();
      const req = server.requestScope({ signal: controller.signal });
      await req.setScoped("req:3:user", { id: 3 });
      controller.abort();
      await req.end();
      assert.deepEqual(await keysOf(store, "request_temp"), []);
      await assert.rejects(req.setScoped("req:3:late", 1), /its request scope has ended/);
    } finally {
      await server.close();
    }
  });

  it("setScoped of a key outside the request caches is refused before anything is written", async () => {
    const store = memoryStore();
    const server = createLayer(app, "server", { store });
    try {
      await using req = server.requestScope();
      // As JavaScript would call it: tsc refuses the key, this is its run-time twin.
      await assert.rejects(
        (req as any).setScoped("data:9", 1),
        (error: unknown) => error instanceof BorrowError && /key 'data:9' is not in cache 'request_temp'/.test(error.message),
      );
      assert.deepEqual(await keysOf(store, "data_cache"), []);
    } finally {
      await server.close();
    }
  });

  it("10,000 scopes on a memory-store layer, every 5th throwing, leave the store empty and the heap flat", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const store = memoryStore();
    const server = createLayer(app, "server", { store });
    const shutdown = new AbortController();
    try {
      const request = (i: number) =>
        server.scope(
          "request",
          async (req) => {
            await req.setScoped(`req:${i}:user`, { id: i, name: "y".repeat(100) });
            await req.setScoped(`req:${i}:tmp`, i);
            if (i % 5 === 0) throw new Error(`request ${i} failed`);
          },
          { signal: shutdown.signal },
        );
      const run = async (from: number, count: number) => {
        for (let i = from; i < from + count; i += 1) await request(i).catch(() => undefined);
      };
      // Warm up with as many scopes as are measured: the first thousands grow the heap once (JIT
      // tiers, lru-cache's arrays), later on a busy machine; a leak shows as growth in the second batch.
      await run(0, 10_000);
      gc();
      const before = process.memoryUsage().heapUsed;
      await run(10_000, 10_000);
      gc();
      const growth = process.memoryUsage().heapUsed - before;
      assert.deepEqual(await keysOf(store, "request_temp"), []);
      assert.equal(server.stats().caches.request_temp?.sets, 40_000);
      assert.ok(growth < 1_000_000, `heap grew by ${growth} bytes over 10,000 scopes`);
    } finally {
      await server.close();
    }
  });

  it("on real Redis: 200 scopes, some throwing, leave nothing under the namespace", async () => {
    const namespace = testNamespace("scope:");
    const store = redisStore(REDIS_URL, { namespace });
    const server = createLayer(app, "server", { store });
    try {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          server
            .scope("request", async (req) => {
              await req.setScoped(`req:${i}:a`, { i });
              await req.setScoped(`req:${i}:b`, new Date(i));
              if (i % 3 === 0) throw new Error("boom");
            })
            .catch(() => undefined),
        ),
      );
      const raw = await rawClient();
      try {
        const left = await raw.keys(`${namespace}*`);
        assert.deepEqual(left, []);
      } finally {
        raw.destroy();
      }
    } finally {
      await server.close();
      await store.close?.();
      await deleteNamespace(namespace);
    }
  });
});
