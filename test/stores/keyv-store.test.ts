import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import Keyv from "keyv";
import KeyvRedis from "@keyv/redis";
import { storeContract } from "../../src/test-suite/index.js";
import { keyvStore, StoreError, manualClock } from "../../src/index.node.js";
import { entryBytes } from "../../src/runtime/stores/entry-bytes.js";
import type { KeyvStoreAdapter } from "keyv";
import { boundMember } from "../helpers/bound-member.js";

// Injects failures: the real adapter behind a proxy whose every method fails, the way a dropped backend
// does: a Map's methods throw (they are synchronous), an adapter's reject.
function failingAdapter<TAdapter extends object>(adapter: TAdapter): TAdapter {
  const methods = new Set(["get", "set", "delete", "clear", "getMany", "has", "keys", "entries", "deleteMany", "setMany", "forEach"]);
  const fail =
    adapter instanceof Map ?
      () => {
        throw new Error("backend down");
      }
    : () => Promise.reject(new Error("backend down"));
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === "iterator")
        // eslint-disable-next-line require-yield -- an iterator whose first step fails
        return async function* () {
          throw new Error("backend down");
        };
      if (property === Symbol.iterator || (typeof property === "string" && methods.has(property))) return fail;
      return boundMember(target, property, receiver);
    },
  });
}

const mapClock = manualClock();
storeContract("keyvStore over a Map (entries held as read-only objects)", () => keyvStore(new Map(), { namespace: "t", clock: mapClock }), {
  advanceTime: (ms) => mapClock.advance(ms),
  makeFailingStore: () => keyvStore(failingAdapter(new Map<string, unknown>()), { namespace: "t" }),
});

const keyvClock = manualClock();
storeContract(
  "keyvStore over new Keyv().opts.store, serialized",
  () => keyvStore(new Keyv().opts.store as Map<string, unknown>, { namespace: "t", serialize: true, clock: keyvClock }),
  {
    advanceTime: (ms) => keyvClock.advance(ms),
    makeFailingStore: () => keyvStore(failingAdapter(new Keyv().opts.store as Map<string, unknown>), { namespace: "t", serialize: true }),
  },
);

// A real keyv adapter on the real Redis, under its own namespace, removed afterwards.
const redisUrl = process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379";
const namespace = `borrowcache-test:${Math.random().toString(36).slice(2)}`;
const redisAdapters: KeyvRedis<unknown>[] = [];
storeContract(
  "keyvStore over @keyv/redis",
  () => {
    const adapter = new KeyvRedis(redisUrl, { throwOnErrors: true });
    redisAdapters.push(adapter);
    return keyvStore(adapter as unknown as KeyvStoreAdapter, { namespace });
  },
  {
    makeFailingStore: () => {
      const adapter = new KeyvRedis(redisUrl, { throwOnErrors: true });
      redisAdapters.push(adapter);
      return keyvStore(failingAdapter(adapter) as unknown as KeyvStoreAdapter, { namespace });
    },
  },
);
after(async () => {
  const cleaner = new KeyvRedis(redisUrl);
  const client = (await cleaner.getClient()) as unknown as {
    scanIterator(o: { MATCH: string }): AsyncIterable<string | string[]>;
    del(keys: string[]): Promise<number>;
  };
  for await (const keys of client.scanIterator({ MATCH: `${namespace}::*` })) {
    const list = Array.isArray(keys) ? keys : [keys];
    if (list.length > 0) await client.del(list);
  }
  await cleaner.disconnect();
  for (const adapter of redisAdapters) await adapter.disconnect().catch(() => {});
});

describe("keyvStore", () => {
  it("writes keys as <namespace>::<cache>::<key> and entries as tagged JSON", async () => {
    const map = new Map<string, unknown>();
    const p = keyvStore(map, { namespace: "app", serialize: true }).partition("user_data", {});
    await p.set("user:1", { value: { at: new Date(0) }, storedAt: 5 });
    assert.deepStrictEqual([...map.keys()], ["app::user_data::user:1"]);
    assert.equal(map.get("app::user_data::user:1"), '{"v":{"at":{"$":"d","v":0}},"t":5}');
  });

  it("wraps an adapter failure in a StoreError naming layer, operation, cache and key", async () => {
    const p = keyvStore(failingAdapter(new Map<string, unknown>()), { namespace: "app", layer: "server" }).partition("user_data", {});
    await assert.rejects(p.get("user:1"), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.layer, "server");
      assert.equal(error.operation, "get");
      assert.equal(error.key, "user:1");
      assert.equal(error.cache, "user_data");
      assert.equal((error.cause as Error).message, "backend down");
      return true;
    });
  });

  it("keeps the old value when a value cannot be serialized", async () => {
    const p = keyvStore(new Map(), { namespace: "app", serialize: true }).partition("c", {});
    await p.set("k", { value: 1, storedAt: 1 });
    await assert.rejects(p.set("k", { value: { f: () => 1 }, storedAt: 1 }), TypeError);
    assert.equal((await p.get("k"))?.value, 1);
  });

  it("holds read-only copies in a Map, so a reader cannot corrupt the stored value", async () => {
    const p = keyvStore(new Map(), { namespace: "app" }).partition("c", {});
    const mine = { list: [1] };
    await p.set("k", { value: mine, storedAt: 1 });
    mine.list.push(2);
    const hit = (await p.get("k"))?.value as { list: number[] };
    assert.deepStrictEqual(hit.list, [1]);
    assert.throws(() => hit.list.push(3), TypeError);
  });

  it("keeps maxSize per process: each store counts and evicts what it wrote, so two processes on one adapter hold up to twice the budget", async () => {
    const shared = new Map<string, unknown>();
    const one = entryBytes("a:1", { value: "x".repeat(100), storedAt: 1 });
    const evictedBy = { a: [] as string[], b: [] as string[] };
    const open = (who: "a" | "b") =>
      keyvStore(shared, { namespace: "app", serialize: true }).partition("c", {
        maxSize: 2 * one + Math.floor(one / 2),
        onEvict: (key) => evictedBy[who].push(key),
      });
    const a = open("a");
    const b = open("b");
    for (const i of [1, 2, 3]) await a.set(`a:${i}`, { value: "x".repeat(100), storedAt: 1 });
    for (const i of [1, 2]) await b.set(`b:${i}`, { value: "x".repeat(100), storedAt: 1 });
    assert.equal((await b.get("a:2"))?.value, "x".repeat(100), "a read of another process's entry does not count it");
    assert.deepStrictEqual(evictedBy, { a: ["a:1"], b: [] });
    assert.deepStrictEqual([...shared.keys()].sort(), ["app::c::a:2", "app::c::a:3", "app::c::b:1", "app::c::b:2"]);
    assert.equal(a.bytes?.(), 2 * one);
    assert.equal(b.bytes?.(), 2 * one);
  });

  it("keeps no index for a cache without maxSize, so a process does not grow with the keys it writes", async () => {
    const p = keyvStore(new Map(), { namespace: "app" }).partition("c", {});
    assert.equal(p.bytes, undefined);
  });
});
