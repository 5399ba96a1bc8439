import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { tieredStore, type TieredStore, memoryStore, redisStore } from "../../src/index.node.js";
import { deleteNamespace, rawClient, REDIS_URL, testNamespace } from "./support.js";

describe("tieredStore(memoryStore, redisStore)", () => {
  const namespace = testNamespace("tiered:");
  // Two tiered stores on one Redis: two processes of one layer.
  let one: TieredStore;
  let two: TieredStore;
  let raw: Awaited<ReturnType<typeof rawClient>>;

  before(async () => {
    one = tieredStore(memoryStore({ maxSize: "1MB" }), redisStore(REDIS_URL, { namespace }));
    two = tieredStore(memoryStore({ maxSize: "1MB" }), redisStore(REDIS_URL, { namespace }));
    raw = await rawClient();
  });
  after(async () => {
    await one.close();
    await two.close();
    await deleteNamespace(namespace);
    raw.destroy();
  });

  it("answers a local hit synchronously with the same frozen object, without deserializing", async () => {
    const p = one.partition("user_data", {});
    await p.set("user:1", { value: { name: "Ada" }, storedAt: Date.now() });
    const first = p.get("user:1");
    assert.ok(first !== undefined && !(first instanceof Promise), "a local hit is not a promise");
    assert.equal(p.get("user:1"), first);
    assert.ok(Object.isFrozen((first as { value: object }).value));
  });

  it("writes to Redis first: the other process reads the value from Redis and fills its memory tier", async () => {
    await one.partition("user_data", {}).set("user:2", { value: { n: 2 }, storedAt: Date.now() });
    assert.equal(await raw.exists(`${namespace}::user_data::user:2`), 1);
    const p2 = two.partition("user_data", {});
    const fromRedis = p2.get("user:2");
    assert.ok(fromRedis instanceof Promise, "a local miss goes to Redis");
    assert.deepEqual((await fromRedis)?.value, { n: 2 });
    const local = p2.get("user:2");
    assert.ok(local !== undefined && !(local instanceof Promise), "the second read is local");
    assert.deepEqual(local.value, { n: 2 });
  });

  it("forgetLocal drops only the memory copy; the next read sees the other process's write", async () => {
    const p1 = one.partition("user_data", {});
    const p2 = two.partition("user_data", {});
    await p1.set("user:3", { value: "old", storedAt: Date.now() });
    assert.equal((await p2.get("user:3"))?.value, "old");
    await p1.set("user:3", { value: "new", storedAt: Date.now() });
    assert.equal((p2.get("user:3") as { value: unknown }).value, "old", "stale until told");
    p2.forgetLocal("user:3");
    assert.equal((await p2.get("user:3"))?.value, "new");
    assert.equal(await raw.exists(`${namespace}::user_data::user:3`), 1, "Redis keeps the value");
  });

  it("a delete reaches both tiers", async () => {
    const p = one.partition("user_data", {});
    await p.set("user:4", { value: 4, storedAt: Date.now() });
    assert.equal(await p.delete("user:4"), true);
    assert.equal(await p.get("user:4"), undefined);
    assert.equal(await raw.exists(`${namespace}::user_data::user:4`), 0);
  });

  it("dropVolatile empties the memory tier and keeps Redis", async () => {
    const p = one.partition("user_data", {});
    await p.set("user:5", { value: 5, storedAt: Date.now() });
    await one.dropVolatile();
    const read = p.get("user:5");
    assert.ok(read instanceof Promise, "after dropVolatile the read goes to Redis");
    assert.equal((await read)?.value, 5);
  });

  it("a read from Redis that races a forgetLocal does not refill the memory tier with what it read", async () => {
    const p1 = one.partition("user_data", {});
    const p2 = two.partition("user_data", {});
    await p1.set("user:6", { value: "v1", storedAt: Date.now() });
    const reading = p2.get("user:6"); // in flight to Redis
    p2.forgetLocal("user:6"); // a message arrives meanwhile
    assert.equal((await reading)?.value, "v1");
    assert.ok(p2.get("user:6") instanceof Promise, "not filled from the raced read");
  });

  it("keeps a local copy only until the entry's staleUntil", async () => {
    const p1 = one.partition("user_data", {});
    const p2 = two.partition("user_data", {});
    await p1.set("user:7", { value: 7, storedAt: Date.now(), expiresAt: Date.now() + 150, staleUntil: Date.now() + 300 }, 300);
    assert.equal((await p2.get("user:7"))?.value, 7);
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(await p2.get("user:7"), undefined);
  });

  it("suspendLocal(true) drops the memory tier; reads go to Redis and keep nothing locally until suspendLocal(false)", async () => {
    const p1 = one.partition("user_data", {});
    const p2 = two.partition("user_data", {});
    await p1.set("user:8", { value: "v1", storedAt: Date.now() });
    assert.ok(!(p1.get("user:8") instanceof Promise), "a local hit before");
    one.suspendLocal(true);
    try {
      const read = p1.get("user:8");
      assert.ok(read instanceof Promise, "suspended: the read goes to Redis");
      assert.equal((await read)?.value, "v1");
      assert.ok(p1.get("user:8") instanceof Promise, "and what it read is not kept");
      await p2.set("user:8", { value: "v2", storedAt: Date.now() }); // another process writes; no message arrives
      assert.equal((await p1.get("user:8"))?.value, "v2", "no stale local copy answers");
      await p1.set("user:10", { value: 10, storedAt: Date.now() });
      assert.ok(p1.get("user:10") instanceof Promise, "a write keeps no local copy either");
      assert.ok(one.partition("user_data_later", {}).get("x") instanceof Promise, "a partition opened while suspended is suspended too");
    } finally {
      one.suspendLocal(false);
    }
    assert.equal((await p1.get("user:8"))?.value, "v2");
    const local = p1.get("user:8");
    assert.ok(local !== undefined && !(local instanceof Promise), "resumed: reads fill the memory tier again");
  });

  it("lease and fill go through Redis; a fill Redis stored is copied to the memory tier, a refused one is not", async () => {
    const p1 = one.partition("leased", {});
    const p2 = two.partition("leased", {});
    const lease = await p1.lease!("k", 5000);
    assert.ok("granted" in lease);
    assert.deepEqual(await p2.lease!("k", 5000), { busy: true }, "the other process sees the lease");
    assert.equal(await p1.fill!("k", { value: "loaded", storedAt: Date.now() }, undefined, lease.granted), true);
    const local = p1.get("k");
    assert.ok(local !== undefined && !(local instanceof Promise), "a stored fill is in the memory tier");
    assert.equal(local.value, "loaded");

    const overtaken = await p1.lease!("j", 5000);
    assert.ok("granted" in overtaken);
    await p2.set("j", { value: "written", storedAt: Date.now() });
    assert.equal(await p1.fill!("j", { value: "loaded", storedAt: Date.now() }, undefined, overtaken.granted), false);
    const read = p1.get("j");
    assert.ok(read instanceof Promise, "a refused fill leaves nothing in the memory tier");
    assert.equal((await read)?.value, "written");
  });

  it("a fill that a message or a suspension overtakes while it runs is stored in Redis, not in the memory tier", async () => {
    const p1 = one.partition("leased_race", {});
    const messaged = await p1.lease!("m", 5000);
    assert.ok("granted" in messaged);
    const filling = p1.fill!("m", { value: "loaded", storedAt: Date.now() }, undefined, messaged.granted);
    p1.forgetLocal("m"); // another process's write of the cache arrives on the bus meanwhile
    assert.equal(await filling, true);
    assert.ok(p1.get("m") instanceof Promise, "not copied to the memory tier");

    const suspended = await p1.lease!("s", 5000);
    assert.ok("granted" in suspended);
    one.suspendLocal(true);
    try {
      assert.equal(await p1.fill!("s", { value: "loaded", storedAt: Date.now() }, undefined, suspended.granted), true);
    } finally {
      one.suspendLocal(false);
    }
    const read = p1.get("s");
    assert.ok(read instanceof Promise, "a fill while suspended is not kept locally");
    assert.equal((await read)?.value, "loaded");
  });

  it("uses the Redis lock, shared across processes", async () => {
    assert.equal(typeof one.lock, "function");
    const lock = await one.lock!("x", { ttlMs: 1000, waitMs: 0 });
    const refused = await two.lock!("x", { ttlMs: 1000, waitMs: 20 }).then(
      () => false,
      () => true,
    );
    assert.equal(refused, true);
    await lock.release();
  });
});
