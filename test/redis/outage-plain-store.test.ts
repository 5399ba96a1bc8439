// A server layer on a plain redisStore (no in-process tier): while its private redis-server is paused,
// reads degrade to the source within the call's timeout — no hang, no failed read, no unhandled
// rejection — and writes reject with a StoreError; after SIGCONT the layer reads and writes Redis again.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { createLayer, defineManifest, StoreError } from "../../src/index.js";
import { redisStore } from "../../src/index.node.js";
import { startRedisServer, type PrivateRedis } from "../helpers/redis-server.js";

const app = defineManifest({ caches: { data_cache: { primary: "server", owns: ["data:*"] } } });
const TIMEOUT_MS = 200;

let redis: PrivateRedis;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
before(async () => {
  redis = await startRedisServer();
  process.on("unhandledRejection", onUnhandled);
});
after(async () => {
  process.off("unhandledRejection", onUnhandled);
  await redis.stop();
});

it("reads fall back to the source while Redis is paused, writes fail fast, and both recover after SIGCONT", { timeout: 60_000 }, async () => {
  const loads: string[] = [];
  const store = redisStore(redis.url, { namespace: `borrowcache-test:${process.pid}`, timeoutMs: TIMEOUT_MS });
  const server = createLayer(app, "server", {
    store,
    sources: {
      data_cache: {
        load: async (key) => {
          loads.push(key);
          return { from: "source", key };
        },
      },
    },
  });
  const data = server.own("data_cache");
  await data.set("data:1", { from: "redis" });
  assert.deepEqual(await data.get("data:1"), { from: "redis" });

  redis.pause();
  try {
    const started = performance.now();
    assert.deepEqual(await data.get("data:1"), { from: "source", key: "data:1" });
    assert.ok(performance.now() - started < TIMEOUT_MS * 5, `the read took ${performance.now() - started} ms`);
    await assert.rejects(
      data.set("data:2", { from: "redis" }),
      (error: unknown) => error instanceof StoreError && error.key === "data:2" && error.layer === "server",
    );
  } finally {
    redis.resume();
  }

  // Within a second of Redis answering again, writes land and reads are served from Redis.
  const deadline = Date.now() + 1_000;
  for (;;) {
    try {
      await data.set("data:3", { from: "redis" });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const loadsBefore = loads.length;
  assert.deepEqual(await data.get("data:3"), { from: "redis" });
  assert.equal(loads.length, loadsBefore, "a stored value is read from Redis, not loaded");
  assert.deepEqual(unhandled, []);
  await store.partition("data_cache", {}).clear();
  await server.close();
  await store.close?.();
});
