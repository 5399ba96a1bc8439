// Fill leases on real Redis, the Redis-only parts (the store contract covers lease and fill on
// standalone, tiered and Cluster): the marker in the key, the late-write guard and the byte budget kept
// by fills, and what a layer's miss costs with them.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createLayer, defineManifest } from "../../src/index.js";
import { redisStore, type RedisStore, StoreError } from "../../src/index.node.js";
import { FILL, LEASE, LEASE_AWARE_DELETE, LEASE_MARK } from "../../src/runtime/redis/redis-lease.js";
import type { FillLease, StoredEntry } from "../../src/index.node.js";
import { startRedisServer } from "../helpers/redis-server.js";
import { deleteNamespace, rawClient, REDIS_URL, testNamespace } from "./support.js";

const entry = (value: unknown): StoredEntry => ({ value, storedAt: 1 });
const tokenOf = (lease: FillLease): string => {
  assert.ok("granted" in lease, `a granted lease, got ${JSON.stringify(lease)}`);
  return lease.granted;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("fill leases on Redis", () => {
  const namespace = testNamespace("lease:");
  let store: RedisStore;
  let raw: Awaited<ReturnType<typeof rawClient>>;

  before(async () => {
    store = redisStore(REDIS_URL, { namespace });
    raw = await rawClient();
  });
  after(async () => {
    await store.close();
    await deleteNamespace(namespace);
    raw.destroy();
  });

  it("runs scripts whose SHA-1 literals match their texts", () => {
    for (const script of [LEASE, FILL, LEASE_AWARE_DELETE]) assert.equal(createHash("sha1").update(script.text).digest("hex"), script.sha, script.name);
  });

  it("keeps the lease in the key itself: a marker with the lease's ttl, which no read takes for an entry", async () => {
    const p = store.partition("marked", {});
    const lease = await p.lease!("k", 5000);
    const full = `${namespace}::marked::k`;
    assert.equal(await raw.get(full), LEASE_MARK + tokenOf(lease));
    const ttl = await raw.pTTL(full);
    assert.ok(ttl > 0 && ttl <= 5000, `PX of the lease, got ${ttl}`);
    assert.equal(await p.get("k"), undefined);
    assert.deepEqual(await p.getMany(["k"]), [undefined]);
  });

  it("in a cache with maxSize, a write that forgets expired entries leaves a lease placed on an expired key", async () => {
    const p = store.partition("swept", { maxSize: 1024 * 1024 });
    await p.set("a", entry("old"), 50);
    await sleep(120); // Redis has expired 'a'; the budget still counts it until a write sweeps it
    const lease = await p.lease!("a", 5000);
    await p.set("b", entry("b")); // sweeps 'a' from the bookkeeping
    assert.equal(await p.fill!("a", entry("loaded"), undefined, tokenOf(lease)), true, "the lease survived the sweep");
    assert.equal((await p.get("a"))?.value, "loaded");
  });

  it("a streaming (binary) partition hands out no leases: its values are written chunk by chunk", () => {
    const p = store.partition("chunks", { binary: true });
    assert.equal(typeof p.lease, "undefined");
    assert.equal(typeof p.fill, "undefined");
  });

  it("a layer's miss costs three calls — GET, lease, fill — and stores the loaded value", async () => {
    const app = defineManifest({ layers: ["client", "edge", "server"], caches: { data: { primary: "server", owns: ["data:*"] } } });
    const layer = createLayer(app, "server", { store, sources: { data: { load: async (key: string) => ({ key }) } } });
    await layer.own("data").get("data:0"); // the layer's own start-up calls (its outbox) are done
    const before = store.attempts;
    assert.deepEqual(await layer.own("data").get("data:1"), { key: "data:1" });
    assert.equal(store.attempts - before, 3);
    const stored = await raw.get(`${namespace}::data::data:1`);
    assert.ok(stored?.startsWith("{"), `the entry, got ${stored}`);
    await layer.close();
  });

  it("a load that could not ask Redis for its lease answers the reader and stores nothing", async () => {
    // Redis could not be asked for the lease (a call that failed, or whose answer was lost in a crash while
    // the LEASE itself was applied) but the load goes on: its fill would be a plain SET, which another
    // process's write made meanwhile could not refuse (G1). The fault is a wrapper around a real store
    // whose partitions' `lease` rejects; everything else reaches Redis.
    const app = defineManifest({ layers: ["client", "edge", "server"], caches: { data: { primary: "server", owns: ["data:*"] } } });
    // A store of its own: the test above closed the shared one with its layer.
    const own = redisStore(REDIS_URL, { namespace });
    const refusing = new Proxy(own, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property !== "partition" || typeof value !== "function")
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        return (...args: unknown[]) => {
          const partition = (value as (...a: unknown[]) => object).apply(target, args);
          return new Proxy(partition, {
            get(inner, name) {
              if (name === "lease") return () => Promise.reject(new Error("lease refused"));
              const member: unknown = Reflect.get(inner, name, inner);
              return typeof member === "function" ? (member as (...a: unknown[]) => unknown).bind(inner) : member;
            },
          });
        };
      },
    });
    const layer = createLayer(app, "server", { store: refusing, sources: { data: { load: async (key: string) => ({ key }) } } });
    try {
      assert.deepEqual(await layer.own("data").get("data:unasked"), { key: "data:unasked" }, "the reader gets the value");
      assert.equal(await raw.get(`${namespace}::data::data:unasked`), null, "nothing was stored without the lease");
    } finally {
      await layer.close();
    }
  });
});

describe("a fill keeps the late-write guard of a set", () => {
  it("a fill that reaches Redis after its deadline is refused: the lease stays and no value lands", async () => {
    const redis = await startRedisServer();
    const namespace = testNamespace("late-fill:");
    const store = redisStore(redis.url, { namespace, timeoutMs: 300 });
    try {
      const p = store.partition("data", {});
      const lease = await p.lease!("k", 10_000);
      redis.pause(); // the fill sits in the socket while Redis is stopped
      const error = await p.fill!("k", entry("late"), undefined, tokenOf(lease)).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof StoreError, `the fill fails, got ${String(error)}`);
      redis.resume(); // Redis now runs the fill, past its deadline
      const raw = await rawClient(redis.url);
      try {
        await sleep(50);
        assert.equal(await raw.get(`${namespace}::data::k`), LEASE_MARK + tokenOf(lease));
      } finally {
        raw.destroy();
      }
    } finally {
      await store.close();
      await redis.stop();
    }
  });
});
