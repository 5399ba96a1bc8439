// idbStore's own cases, written once for node:test: `test/stores/idb.test.ts` runs them in Node on
// fake-indexeddb, and `test/browser/idb-store.test.ts` bundles them into a Chromium page (where
// `node:test` and `node:assert/strict` are aliased to small browser shims) to run on real IndexedDB.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { idbStore } from "../../src/runtime/stores/idb.js";
import { storeContract } from "../../src/test-suite/store-contract.js";
import { manualClock } from "../../src/runtime/time/clock.js";
import type { EvictionReason, StoredEntry } from "../../src/runtime/contracts/store.js";
import { boundMember } from "../helpers/bound-member.js";

let counter = 0;
const run = Math.random().toString(36).slice(2, 8);
const uniqueName = (): string => `idb-test-${run}-${++counter}`;
const entry = (value: unknown, storedAt = 1): StoredEntry => ({ value, storedAt });

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of keys) out.push(key);
  return out.sort();
}

/** Declares the idbStore cases on whatever `describe`/`it` is in scope (node:test or the browser shim). */
export function idbStoreCases(): void {
  describe("idbStore keeps values by structured clone", () => {
    it("round-trips Date, Map, Set, BigInt, Uint8Array and undefined properties with their types", async () => {
      const store = idbStore(uniqueName());
      const part = store.partition("user_data", {});
      const value = { at: new Date(5), tags: new Set(["a"]), prefs: new Map([["theme", "dark"]]), big: 12n, bytes: new Uint8Array([1, 2]), gone: undefined };
      await part.set("user:1", entry(value, 7), 1000);
      const back = await part.get("user:1");
      assert.deepEqual(back, { value, storedAt: 7 });
      assert.ok((back.value as { at: unknown }).at instanceof Date);
      assert.ok("gone" in (back?.value as object));
      await store.destroy();
    });

    it("returns copies: changing a value after set does not change what is stored", async () => {
      const store = idbStore(uniqueName());
      const part = store.partition("c", {});
      const value = { n: 1 };
      await part.set("k", entry(value));
      value.n = 2;
      assert.deepEqual((await part.get("k"))?.value, { n: 1 });
      await store.destroy();
    });

    it("refuses a value structured clone cannot copy and keeps the old value", async () => {
      const store = idbStore(uniqueName());
      const part = store.partition("c", {});
      await part.set("k", entry("old"));
      await assert.rejects(
        Promise.resolve().then(() => part.set("k", entry({ f: () => 1 }))),
        /DataCloneError|could not be cloned/i,
      );
      assert.equal((await part.get("k"))?.value, "old");
      await store.destroy();
    });
  });

  describe("idbStore partitions", () => {
    it("keeps each cache in its own database and clears only its own", async () => {
      const name = uniqueName();
      const store = idbStore(name);
      const other = idbStore(`${name}-other`);
      const a = store.partition("a", {});
      const b = store.partition("b", {});
      const o = other.partition("a", {});
      await a.set("k", entry(1));
      await b.set("k", entry(2));
      await o.set("k", entry(3));
      await a.clear();
      assert.equal(await a.get("k"), undefined);
      assert.equal((await b.get("k"))?.value, 2);
      assert.equal((await o.get("k"))?.value, 3);
      const names = (await indexedDB.databases()).map((db) => db.name);
      assert.ok(names.includes(`borrowcache/${name}/a`) && names.includes(`borrowcache/${name}/b`));
      await store.destroy();
      const after = (await indexedDB.databases()).map((db) => db.name);
      assert.ok(!after.includes(`borrowcache/${name}/a`) && !after.includes(`borrowcache/${name}/b`));
      assert.ok(after.includes(`borrowcache/${name}-other/a`), "destroy leaves a store whose name merely starts the same");
      await other.destroy();
    });

    it("delete says whether the key was there; keys(pattern) lists matching keys only", async () => {
      const store = idbStore(uniqueName());
      const part = store.partition("c", {});
      await part.set("user:1", entry(1));
      await part.set("user:2", entry(2));
      await part.set("admin:1", entry(3));
      assert.deepEqual(await collect(part.keys("user:*")), ["user:1", "user:2"]);
      assert.deepEqual(await collect(part.keys()), ["admin:1", "user:1", "user:2"]);
      assert.equal(await part.delete("user:1"), true);
      assert.equal(await part.delete("user:1"), false);
      assert.deepEqual(await part.getMany(["user:1", "user:2"]), [undefined, entry(2)]);
      await store.destroy();
    });

    it("survives a reopen (a page reload): values, byte count and recency come back", async () => {
      const name = uniqueName();
      const first = idbStore(name);
      await first.partition("c", {}).set("k", entry({ text: "hello" }));
      const bytes = first.partition("c", {}).bytes?.();
      await first.close?.();
      const second = idbStore(name);
      const part = second.partition("c", {});
      assert.deepEqual((await part.get("k"))?.value, { text: "hello" });
      assert.equal(part.bytes?.(), bytes);
      await second.destroy();
    });
  });

  describe("idbStore maxSize", () => {
    it("evicts the least recently used entries of that partition, reading counts as use", async () => {
      const evicted: [string, EvictionReason][] = [];
      const store = idbStore(uniqueName());
      const part = store.partition("c", { maxSize: 600, onEvict: (key, _e, reason) => evicted.push([key, reason]) });
      const other = store.partition("d", { maxSize: 600 });
      const value = "x".repeat(60); // 232 bytes with its key (entryBytes): two fit in 600
      await other.set("d1", entry(value));
      await part.set("k1", entry(value));
      await part.set("k2", entry(value));
      await part.get("k1"); // k2 is now the least recently used
      await part.set("k3", entry(value));
      assert.deepEqual(evicted, [["k2", "size"]]);
      assert.deepEqual(await collect(part.keys()), ["k1", "k3"]);
      assert.ok((part.bytes?.() ?? 0) <= 600);
      assert.equal((await other.get("d1"))?.value, value, "another partition's budget is its own");
      await store.destroy();
    });

    it("refuses one value larger than maxSize, naming key and cache, and keeps the old value", async () => {
      const store = idbStore(uniqueName());
      const part = store.partition("small", { maxSize: 400 });
      await part.set("k", entry("ok"));
      await assert.rejects(
        Promise.resolve().then(() => part.set("k", entry("y".repeat(500)))),
        /'k'.*cache 'small'/,
      );
      assert.equal((await part.get("k"))?.value, "ok");
      await store.destroy();
    });
  });

  describe("idbStore ttl", () => {
    it("drops an entry after ttlMs on the store's clock and reports it as expired", async () => {
      const clock = manualClock(1000);
      const evicted: string[] = [];
      const store = idbStore(uniqueName(), { clock });
      const part = store.partition("c", { onEvict: (key, _e, reason) => evicted.push(`${key}:${reason}`) });
      await part.set("k", entry(1), 500);
      await part.set("forever", entry(2));
      clock.advance(499);
      assert.equal((await part.get("k"))?.value, 1);
      clock.advance(1);
      assert.deepEqual(await collect(part.keys()), ["forever"]);
      assert.equal(await part.get("k"), undefined);
      assert.deepEqual(evicted, ["k:expired"]);
      assert.equal((await part.get("forever"))?.value, 2);
      await store.destroy();
    });
  });
}

/**
 * The real IndexedDB behind a proxy: databases open, but every transaction fails as a browser's does
 * when the disk is gone (an `UnknownError` DOMException), for the contract's failing-backend case.
 */
function failingIndexedDB(real: IDBFactory): IDBFactory {
  const failingDb = (db: IDBDatabase): IDBDatabase =>
    new Proxy(db, {
      get(target, property) {
        if (property === "transaction")
          return () => {
            throw new DOMException("IndexedDB is unavailable (test)", "UnknownError");
          };
        return boundMember(target, property, target);
      },
    });
  return new Proxy(real, {
    get(target, property) {
      if (property === "open") {
        return (name: string, version?: number) => {
          const request = target.open(name, version);
          // The opened database comes back wrapped, whoever reads `result`.
          return new Proxy(request, {
            get(req, prop) {
              if (prop === "result") return failingDb(req.result);
              return boundMember(req, prop, req);
            },
            set(req, prop, value) {
              return Reflect.set(req, prop, value, req);
            },
          });
        };
      }
      return boundMember(target, property, target);
    },
  });
}

/** The store contract every CacheStore keeps, on idbStore with a hand-moved clock. */
export function idbStoreContract(label: string): void {
  const clock = manualClock(1_700_000_000_000);
  storeContract(label, () => idbStore(uniqueName(), { clock }), {
    advanceTime: (ms) => clock.advance(ms),
    makeFailingStore: () => idbStore(uniqueName(), { indexedDB: failingIndexedDB(indexedDB) }),
    leases: true,
  });
}
