// The Redis lock on a Redis Cluster (REDIS_CLUSTER_NODES, set by CI): exclusion across connections,
// expiry after the holder dies, release only by the holder. Keys spread over the masters.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { redisStore, type RedisStore } from "../../src/runtime/redis/redis-store.js";
import { CLUSTER_NODES, testNamespace } from "./support.js";

const skip = CLUSTER_NODES && CLUSTER_NODES.length > 0 ? false : "REDIS_CLUSTER_NODES is not set (CI sets it; locally start the 3-master cluster of REAL-PARTS.md §4 and export REDIS_CLUSTER_NODES=127.0.0.1:6390,127.0.0.1:6391,127.0.0.1:6392)";

describe("Redis lock on a Redis Cluster", { skip }, () => {
  const namespace = testNamespace("cluster-lock:");
  let a: RedisStore;
  let b: RedisStore;

  before(async () => {
    a = redisStore({ cluster: CLUSTER_NODES ?? [] }, { namespace, layer: "server" });
    b = redisStore({ cluster: CLUSTER_NODES ?? [] }, { namespace, layer: "server" });
    await Promise.all([a.ready, b.ready]);
  });
  after(async () => {
    for (let i = 0; i < 20; i++) await a.partition("counter", {}).delete(`n:${i}`);
    await a.close();
    await b.close();
  });

  it("excludes: 20 keys × 10 read-modify-writes from two connections lose no update", async () => {
    const counter = a.partition("counter", {});
    const keys = Array.from({ length: 20 }, (_, i) => `n:${i}`);
    for (const key of keys) await counter.set(key, { value: 0, storedAt: 0 });
    const increment = async (store: RedisStore, key: string) => {
      const lock = await store.lock(`update:counter:${key}`, { ttlMs: 2000, waitMs: 20_000 });
      try {
        const p = store.partition("counter", {});
        const current = (await p.get(key))?.value as number;
        await p.set(key, { value: current + 1, storedAt: 0 });
      } finally {
        await lock.release();
      }
    };
    await Promise.all(keys.flatMap((key) => Array.from({ length: 10 }, (_, i) => increment(i % 2 ? a : b, key))));
    assert.deepEqual((await counter.getMany(keys)).map((e) => e?.value), keys.map(() => 10));
  });

  it("frees a lock after its ttl when the holder dies", async () => {
    const dying = redisStore({ cluster: CLUSTER_NODES ?? [] }, { namespace });
    const lock = await dying.lock("orphan", { ttlMs: 150, waitMs: 0 });
    assert.equal(lock.held, true);
    await dying.close();
    const started = Date.now();
    const taken = await a.lock("orphan", { ttlMs: 1000, waitMs: 3000 });
    assert.ok(Date.now() - started >= 50);
    await taken.release();
  });

  it("lets only the holder release", async () => {
    const first = await a.lock("shared", { ttlMs: 150, waitMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const refused = await b.lock("shared", { ttlMs: 1000, waitMs: 20 }).then(() => false, () => true);
    assert.equal(refused, true);
    await first.release();
    const second = await b.lock("shared", { ttlMs: 1000, waitMs: 500 });
    await first.release(); // a second release by the old holder changes nothing
    const third = await a.lock("shared", { ttlMs: 1000, waitMs: 20 }).then(() => false, () => true);
    assert.equal(third, true, "the new holder's lock survived the old holder's release");
    await second.release();
  });
});
