import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { redisStore, type RedisStore, StoreError } from "../../src/index.node.js";
import { deleteNamespace, rawClient, REDIS_URL, testNamespace } from "./support.js";
import { createHash } from "node:crypto";
import { GUARDED_SET_SCRIPT, GUARDED_SET_SHA } from "../../src/runtime/redis/redis-guarded-set.js";
import * as budgetScripts from "../../src/runtime/redis/redis-budget-scripts.js";

describe("redisStore", () => {
  const namespace = testNamespace("store:");
  const other = testNamespace("other:");
  let store: RedisStore;
  let raw: Awaited<ReturnType<typeof rawClient>>;

  before(async () => {
    store = redisStore(REDIS_URL, { namespace, layer: "server" });
    raw = await rawClient();
  });
  after(async () => {
    await store.close();
    await deleteNamespace(namespace);
    await deleteNamespace(other);
    raw.destroy();
  });

  it("keeps every key under '<namespace>::<cache>::<key>'", async () => {
    const users = store.partition("user_data", {});
    await users.set("user:1", { value: { name: "Ada" }, storedAt: 1 });
    assert.equal(await raw.exists(`${namespace}::user_data::user:1`), 1);
  });

  it("round-trips Date, Map, Set, BigInt, Uint8Array and undefined in the tagged format", async () => {
    const users = store.partition("user_data", {});
    const value = { at: new Date(5), m: new Map([["a", 1n]]), s: new Set(["x"]), b: new Uint8Array([1, 2]), u: undefined };
    await users.set("user:2", { value, storedAt: 10, expiresAt: 20, staleUntil: 30 });
    assert.deepEqual(await users.get("user:2"), { value, storedAt: 10, expiresAt: 20, staleUntil: 30 });
    assert.deepEqual(await users.getMany(["user:2", "user:none"]), [{ value, storedAt: 10, expiresAt: 20, staleUntil: 30 }, undefined]);
  });

  it("gives Redis the ttl as PX, so Redis drops the entry after ttl + grace", async () => {
    const users = store.partition("user_data", {});
    await users.set("user:ttl", { value: 1, storedAt: 1 }, 60_000);
    const pttl = await raw.pTTL(`${namespace}::user_data::user:ttl`);
    assert.ok(pttl > 59_000 && pttl <= 60_000, `pttl ${pttl}`);
  });

  it("deletes a key, answering whether it was there", async () => {
    const users = store.partition("user_data", {});
    await users.set("user:del", { value: 1, storedAt: 1 });
    assert.equal(await users.delete("user:del"), true);
    assert.equal(await users.delete("user:del"), false);
    assert.equal(await users.get("user:del"), undefined);
  });

  it("lists keys by pattern, taking glob characters other than '*' literally", async () => {
    const p = store.partition("glob", {});
    await p.set("a[1]:x", { value: 1, storedAt: 1 });
    await p.set("a1:x", { value: 1, storedAt: 1 });
    await p.set("b:?", { value: 1, storedAt: 1 });
    const found: string[] = [];
    for await (const key of p.keys("a[1]:*")) found.push(key);
    assert.deepEqual(found, ["a[1]:x"]);
    const all: string[] = [];
    for await (const key of p.keys()) all.push(key);
    assert.deepEqual(all.sort(), ["a1:x", "a[1]:x", "b:?"]);
  });

  it("clears one partition and nothing outside it: other caches and other namespaces survive", async () => {
    const a = store.partition("cache_a", {});
    const b = store.partition("cache_b", {});
    const foreignStore = redisStore(REDIS_URL, { namespace: other });
    const foreign = foreignStore.partition("cache_a", {});
    await a.set("k:1", { value: 1, storedAt: 1 });
    await b.set("k:1", { value: 2, storedAt: 1 });
    await foreign.set("k:1", { value: 3, storedAt: 1 });
    await raw.set(`${other}-plain-key`, "x");
    try {
      await a.clear();
      assert.equal(await a.get("k:1"), undefined);
      assert.equal((await b.get("k:1"))?.value, 2);
      assert.equal((await foreign.get("k:1"))?.value, 3);
      assert.equal(await raw.get(`${other}-plain-key`), "x");
    } finally {
      await raw.del(`${other}-plain-key`);
      await foreignStore.close();
    }
  });

  it("stores chunks of a binary partition as raw bytes, not base64", async () => {
    const video = store.partition("video_cache", { binary: true });
    const chunk = new Uint8Array(4096).map((_, i) => i % 251);
    await video.set("video:1:0", { value: chunk, storedAt: 7, expiresAt: 9 });
    await video.set("video:1:header", { value: { chunks: 1, size: 4096 }, storedAt: 7 });
    const back = await video.get("video:1:0");
    assert.ok(back?.value instanceof Uint8Array);
    assert.deepEqual(back, { value: chunk, storedAt: 7, expiresAt: 9 });
    assert.deepEqual((await video.get("video:1:header"))?.value, { chunks: 1, size: 4096 });
    assert.ok((await raw.strLen(`${namespace}::video_cache::video:1:0`)) < 4096 + 40);
  });

  it("refuses names with '::', which would make two partitions share keys", () => {
    assert.throws(() => store.partition("a::b", {}), /contains '::'/);
    assert.throws(() => redisStore(REDIS_URL, { namespace: "x::y" }), /contains '::'/);
  });

  it("fails a refused command with a StoreError naming layer, store, cache, key and operation", async () => {
    await raw.hSet(`${namespace}::user_data::user:hash`, "f", "v");
    const users = store.partition("user_data", { layer: "server" });
    const error = await Promise.resolve()
      .then(() => users.get("user:hash"))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof StoreError);
    assert.equal(error.layer, "server");
    assert.equal(error.store, "redis");
    assert.equal(error.cache, "user_data");
    assert.equal(error.key, "user:hash");
    assert.equal(error.operation, "get");
    assert.match(String((error.cause as Error).message), /WRONGTYPE/);
    // A refused command means Redis is up: the circuit stays closed.
    assert.equal(store.breaker.state, "closed");
  });

  it("writes through a script whose SHA-1 literal matches its text", () => {
    assert.equal(createHash("sha1").update(GUARDED_SET_SCRIPT).digest("hex"), GUARDED_SET_SHA);
  });

  it("keeps a byte budget through scripts whose SHA-1 literals match their texts", () => {
    const scripts = Object.values(budgetScripts);
    assert.ok(scripts.length >= 4);
    for (const script of scripts) assert.equal(createHash("sha1").update(script.text).digest("hex"), script.sha, script.name);
  });

  it("serves a call made right after creation (it waits for the first connect)", async () => {
    const fresh = redisStore(REDIS_URL, { namespace });
    try {
      assert.equal(await fresh.partition("user_data", {}).get("user:none"), undefined);
    } finally {
      await fresh.close();
    }
  });
});
