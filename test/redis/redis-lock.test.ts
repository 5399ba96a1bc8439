import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { redisStore, type RedisStore, StoreError, LockTimeoutError } from "../../src/index.node.js";
import { LOCK_SCRIPTS } from "../../src/runtime/redis/redis-lock-scripts.js";
import type { KeyLock } from "../../src/index.node.js";
import { deleteNamespace, rawClient, REDIS_URL, testNamespace } from "./support.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    const refused = await b.lock("long", { ttlMs: 300, waitMs: 30 }).then(
      () => undefined,
      (e: unknown) => e,
    );
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

  it("serves waiters from several connections in arrival order", async () => {
    const waiters = Array.from({ length: 5 }, () => redisStore(REDIS_URL, { namespace, layer: "server" }));
    try {
      const first = await a.lock("fifo", { ttlMs: 5000, waitMs: 0 });
      const order: number[] = [];
      const turns = waiters.map(async (store, i) => {
        await sleep(40 * i); // arrive one after the other
        const lock = await store.lock("fifo", { ttlMs: 5000, waitMs: 5000 });
        order.push(i);
        await lock.release();
      });
      await sleep(40 * waiters.length + 50);
      await first.release();
      await Promise.all(turns);
      assert.deepEqual(order, [0, 1, 2, 3, 4]);
    } finally {
      await Promise.all(waiters.map((store) => store.close()));
    }
  });

  it("wakes the next waiter on release instead of at its next poll", async () => {
    const held = await a.lock("wake", { ttlMs: 10_000, waitMs: 0 });
    const waiting = b.lock("wake", { ttlMs: 10_000, waitMs: 5000 }).then((lock) => ({ lock, at: Date.now() }));
    await sleep(300); // b polls every 250 ms at this ttl: it is asleep between polls now
    const releasedAt = Date.now();
    await held.release();
    const { lock, at } = await waiting;
    await lock.release();
    assert.ok(at - releasedAt < 150, `took the lock ${at - releasedAt} ms after its release`);
  });

  it("a waiter that gives up leaves the queue: the one behind it is not kept waiting", async () => {
    const c = redisStore(REDIS_URL, { namespace, layer: "server" });
    try {
      const held = await a.lock("leave", { ttlMs: 10_000, waitMs: 0 });
      const gaveUp = b.lock("leave", { ttlMs: 10_000, waitMs: 150 }).then(
        () => "taken",
        (e: unknown) => (e as StoreError).cause,
      );
      await sleep(50);
      const behind = c.lock("leave", { ttlMs: 10_000, waitMs: 5000 }).then((lock) => ({ lock, at: Date.now() }));
      assert.ok((await gaveUp) instanceof LockTimeoutError);
      await sleep(50);
      const releasedAt = Date.now();
      await held.release();
      const { lock, at } = await behind;
      await lock.release();
      // Its place would otherwise block the queue until its lease ran out (2 s at this ttl).
      assert.ok(at - releasedAt < 500, `the waiter behind took the lock ${at - releasedAt} ms after its release`);
    } finally {
      await c.close();
    }
  });

  it("a waiter that dies in the queue blocks the others at most for its lease (the lock's ttl)", async () => {
    const dying = redisStore(REDIS_URL, { namespace, layer: "server" });
    const c = redisStore(REDIS_URL, { namespace, layer: "server" });
    try {
      const held = await a.lock("dead-waiter", { ttlMs: 400, waitMs: 0 });
      void dying.lock("dead-waiter", { ttlMs: 400, waitMs: 10_000 }).then(
        (lock: KeyLock) => lock.release(),
        () => {},
      );
      await sleep(50);
      const behind = c.lock("dead-waiter", { ttlMs: 400, waitMs: 5000 }).then((lock) => ({ lock, at: Date.now() }));
      await sleep(50);
      await dying.close(); // it neither asks again nor leaves: its place lapses
      const releasedAt = Date.now();
      await held.release();
      const { lock, at } = await behind;
      await lock.release();
      assert.ok(at - releasedAt < 400 + 300, `the waiter behind took the lock ${at - releasedAt} ms after its release`);
    } finally {
      await c.close();
    }
  });

  it("leaves no queue behind, and keeps it beside the lock key in the namespace", async () => {
    const held = await a.lock("tidy", { ttlMs: 5000, waitMs: 0 });
    const waiting = b.lock("tidy", { ttlMs: 5000, waitMs: 5000 });
    await sleep(50);
    assert.deepEqual((await raw.keys(`${namespace}::~lock~*`)).sort(), [`${namespace}::~lock~leases::tidy`, `${namespace}::~lock~queue::tidy`]);
    await held.release();
    await (await waiting).release();
    assert.deepEqual(await raw.keys(`${namespace}::~lock~*`), []);
  });

  it("sends each lock script by the SHA-1 of its text", () => {
    for (const script of LOCK_SCRIPTS) assert.equal(createHash("sha1").update(script.text).digest("hex"), script.sha, script.name);
  });
});
