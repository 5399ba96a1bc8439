import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { redisStore, type RedisStore } from "../../src/runtime/redis/redis-store.js";
import { StoreError } from "../../src/runtime/errors.js";
import { LockTimeoutError } from "../../src/runtime/redis/redis-lock.js";
import { deleteNamespace, rawClient, REDIS_URL, testNamespace } from "./support.js";

describe("Redis lock", () => {
  const namespace = testNamespace("lock:");
  // Two stores = two connections, as two processes would have.
  let a: RedisStore;
  let b: RedisStore;
  let raw: Awaited<ReturnType<typeof rawClient>>;

  before(async () => {
    a = redisStore(REDIS_URL, { namespace, layer: "server" });
    b = redisStore(REDIS_URL, { namespace, layer: "server" });
    raw = await rawClient();
  });
  after(async () => {
    await a.close();
    await b.close();
    await deleteNamespace(namespace);
    raw.destroy();
  });

  it("excludes: 200 read-modify-writes from two connections lose no update", async () => {
    const counter = a.partition("counter", {});
    await counter.set("n", { value: 0, storedAt: 0 });
    const increment = async (store: RedisStore) => {
      const lock = await store.lock("update:counter:n", { ttlMs: 2000, waitMs: 20_000 });
      try {
        const partition = store.partition("counter", {});
        const current = (await partition.get("n"))?.value as number;
        await partition.set("n", { value: current + 1, storedAt: 0 });
      } finally {
        await lock.release();
      }
    };
    await Promise.all(Array.from({ length: 200 }, (_, i) => increment(i % 2 ? a : b)));
    assert.equal((await counter.get("n"))?.value, 200);
  });

  it("keeps a lock past its ttl while the holder lives (automatic extension)", async () => {
    const lock = await a.lock("long", { ttlMs: 300, waitMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(lock.held, true);
    const refused = await b.lock("long", { ttlMs: 300, waitMs: 30 }).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof StoreError && refused.cause instanceof LockTimeoutError, String(refused));
    assert.equal(refused.operation, "lock");
    assert.equal(refused.key, "long");
    await lock.release();
    const next = await b.lock("long", { ttlMs: 300, waitMs: 1000 });
    await next.release();
  });

  it("frees a lock after its ttl when the holder dies (no extension, no release)", async () => {
    const dying = redisStore(REDIS_URL, { namespace });
    const lock = await dying.lock("orphan", { ttlMs: 150, waitMs: 0 });
    assert.equal(lock.held, true);
    await dying.close(); // the holder's connection is gone: it can neither extend nor release
    const started = Date.now();
    const taken = await a.lock("orphan", { ttlMs: 1000, waitMs: 2000 });
    const waited = Date.now() - started;
    assert.ok(waited >= 50 && waited < 1900, `waited ${waited}ms`);
    await taken.release();
  });

  it("lets only the holder release: a late release after expiry leaves the new holder's lock", async () => {
    const first = await a.lock("shared", { ttlMs: 5000, waitMs: 0 });
    // Play an expiry (e.g. a long GC pause) by removing the key behind the holder's back.
    await raw.del(`${namespace}::~lock::shared`);
    const second = await b.lock("shared", { ttlMs: 5000, waitMs: 100 });
    const token = await raw.get(`${namespace}::~lock::shared`);
    await first.release();
    assert.equal(await raw.get(`${namespace}::~lock::shared`), token);
    assert.equal(second.held, true);
    await second.release();
    assert.equal(await raw.exists(`${namespace}::~lock::shared`), 0);
  });

  it("reports a lock taken over by another holder as no longer held", async () => {
    const lock = await a.lock("stolen", { ttlMs: 60, waitMs: 0 });
    await raw.set(`${namespace}::~lock::stolen`, "someone-else", { expiration: { type: "PX", value: 5000 } });
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(lock.held, false);
    await lock.release();
    assert.equal(await raw.get(`${namespace}::~lock::stolen`), "someone-else");
    await raw.del(`${namespace}::~lock::stolen`);
  });
});
