// The Redis lock on a Redis Cluster (REDIS_CLUSTER_NODES, set by CI): exclusion across connections,
// expiry after the holder dies, release only by the holder. Keys spread over the masters.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { redisStore, type RedisStore } from "../../src/index.node.js";
import { keyInSlot, keySlot } from "../../src/runtime/redis/redis-slot.js";
import { CLUSTER_NODES, CLUSTER_SKIP, rawClient, testNamespace } from "./support.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const skip = CLUSTER_NODES && CLUSTER_NODES.length > 0 ? false : CLUSTER_SKIP;

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
    assert.deepEqual(
      (await counter.getMany(keys)).map((e) => e?.value),
      keys.map(() => 10),
    );
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
    const refused = await b.lock("shared", { ttlMs: 1000, waitMs: 20 }).then(
      () => false,
      () => true,
    );
    assert.equal(refused, true);
    await first.release();
    const second = await b.lock("shared", { ttlMs: 1000, waitMs: 500 });
    await first.release(); // a second release by the old holder changes nothing
    const third = await a.lock("shared", { ttlMs: 1000, waitMs: 20 }).then(
      () => false,
      () => true,
    );
    assert.equal(third, true, "the new holder's lock survived the old holder's release");
    await second.release();
  });

  it("serves waiters from several connections in arrival order, whatever the slot of the lock's name", async () => {
    const waiters = Array.from({ length: 4 }, () => redisStore({ cluster: CLUSTER_NODES ?? [] }, { namespace, layer: "server" }));
    try {
      await Promise.all(waiters.map((store) => store.ready));
      // Names with and without braces of their own: the queue's keys must share each lock key's slot.
      for (const name of ["update:counter:fifo", "update:counter:{tagged}", "update:counter:half{open", "update:counter:{}x"]) {
        const first = await a.lock(name, { ttlMs: 5000, waitMs: 0 });
        const order: number[] = [];
        const turns = waiters.map(async (store, i) => {
          await sleep(40 * i);
          const lock = await store.lock(name, { ttlMs: 5000, waitMs: 5000 });
          order.push(i);
          await lock.release();
        });
        await sleep(40 * waiters.length + 50);
        await first.release();
        await Promise.all(turns);
        assert.deepEqual(order, [0, 1, 2, 3], name);
      }
    } finally {
      await Promise.all(waiters.map((store) => store.close()));
    }
  });

  it("computes slots as the cluster does, and places keys in a given slot", async () => {
    const [host, port] = (CLUSTER_NODES ?? [])[0]!.split(":");
    const raw = await rawClient(`redis://${host}:${port}`);
    try {
      const slotOf = async (key: string) => Number(await raw.sendCommand(["CLUSTER", "KEYSLOT", key]));
      for (const key of ["abc", "ns::~lock::update:a:1", "a{b}c", "a{}b{c}", "x{y", "é{ü}", "日本語:1", "a}b", "{", "}{x}"]) {
        assert.equal(keySlot(key), await slotOf(key), key);
        // A brace-free prefix takes a tag; one with an unclosed brace is searched for.
        for (const prefix of ["ns::~lock~queue::", "n{s::~lock~queue::"]) {
          const slot = keySlot(`ns::~lock::${key}`);
          const placed = keyInSlot(prefix, key, slot);
          assert.equal(await slotOf(placed), slot, placed);
        }
      }
    } finally {
      raw.destroy();
    }
  });
});
