import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { storeContract } from "../../src/test-suite/index.js";
import { memoryStore, ValueError, manualClock } from "../../src/index.node.js";
import { valueTooLargeMessage } from "../../src/runtime/messages/value.js";
import { prepareValue } from "../../src/runtime/values/index.js";
import type { EvictionReason, StoredEntry } from "../../src/runtime/contracts/store.js";

// A hand-moved clock for lru-cache's ttl: tests move time instead of sleeping.
const clock = manualClock();
storeContract("memoryStore", () => memoryStore({ maxSize: "8MB", clock }), { advanceTime: (ms) => clock.advance(ms) });

const entry = (value: unknown): StoredEntry => ({ value, storedAt: 1 });
const ctx = (key: string) => ({ key, cache: "c", layer: "edge" });
const kb = (n: number) => "x".repeat(n * 1024);

describe("memoryStore", () => {
  it("get answers synchronously, without a promise", () => {
    const p = memoryStore().partition("c", {});
    p.set("k", entry({ a: 1 }));
    const got = p.get("k");
    assert.ok(!(got instanceof Promise));
    assert.deepStrictEqual(got?.value, { a: 1 });
  });

  it("accepts maxSize as bytes or as a size string, and refuses anything else", () => {
    assert.equal(memoryStore({ maxSize: "50MB" }).maxSize, 50 * 1024 * 1024);
    assert.equal(memoryStore({ maxSize: 4096 }).maxSize, 4096);
    assert.throws(() => memoryStore({ maxSize: "50 megs" as "50MB" }), { message: /maxSize "50 megs" of memoryStore is not a size/ });
    assert.throws(() => memoryStore({ maxSize: -1 }), TypeError);
  });

  it("evicts only the overflowing cache's least-recently-used entries, within its budget", () => {
    const store = memoryStore({ maxSize: "1MB" });
    const evicted: [string, string, EvictionReason][] = [];
    const products = store.partition("product_cache", { maxSize: 40 * 1024, onEvict: (key, _e, reason) => evicted.push(["product_cache", key, reason]) });
    const users = store.partition("user_data", { maxSize: 40 * 1024, onEvict: (key, _e, reason) => evicted.push(["user_data", key, reason]) });
    for (let i = 0; i < 3; i++) users.set(`user:${i}`, entry(kb(5)));
    for (let i = 0; i < 3; i++) products.set(`products:${i}`, entry(kb(5)));
    products.get("products:0"); // now the most recently used
    for (let i = 3; i < 12; i++) products.set(`products:${i}`, entry(kb(5)));

    assert.ok(products.bytes() <= 40 * 1024, `product_cache holds ${products.bytes()} bytes`);
    assert.ok(evicted.length > 0 && evicted.every(([cache, , reason]) => cache === "product_cache" && reason === "size"));
    assert.deepStrictEqual(
      evicted.slice(0, 2).map(([, key]) => key),
      ["products:1", "products:2"],
    );
    assert.ok(products.get("products:11") !== undefined);
    for (let i = 0; i < 3; i++) assert.ok(users.get(`user:${i}`) !== undefined, `user:${i} survives`);
  });

  it("refuses a value larger than the cache's maxSize, naming key, cache and sizes, and keeps the old value", () => {
    const p = memoryStore().partition("product_cache", { maxSize: 10 * 1024 });
    p.set("products:1", entry("small"));
    const big = prepareValue({ blob: kb(20) }, ctx("products:1"));
    assert.throws(
      () => p.set("products:1", entry(big.value)),
      (error: unknown) => {
        assert.ok(error instanceof ValueError);
        assert.equal(error.key, "products:1");
        assert.equal(error.cache, "product_cache");
        const size = Number(/takes (\d+) bytes/.exec(error.message)?.[1]);
        assert.ok(size > big.bytes);
        assert.equal(error.message, valueTooLargeMessage("products:1", "product_cache", String(size), String(10 * 1024)));
        return true;
      },
    );
    assert.equal(p.get("products:1")?.value, "small");
  });

  it("keeps caches without their own maxSize within the store's budget together", () => {
    const store = memoryStore({ maxSize: 64 * 1024 });
    const a = store.partition("a", {});
    const b = store.partition("b", {});
    for (let i = 0; i < 20; i++) {
      a.set(`a:${i}`, entry(kb(3)));
      b.set(`b:${i}`, entry(kb(3)));
    }
    assert.ok(store.bytes() <= 64 * 1024, `store holds ${store.bytes()} bytes`);
    assert.ok(a.get("a:19") !== undefined && b.get("b:19") !== undefined);
  });

  it("reports expiry to onEvict as 'expired'", () => {
    const time = manualClock();
    const reasons: EvictionReason[] = [];
    const p = memoryStore({ clock: time }).partition("c", { onEvict: (_k, _e, reason) => reasons.push(reason) });
    p.set("k", entry(1), 1000);
    time.advance(1001);
    assert.equal(p.get("k"), undefined);
    assert.deepStrictEqual(reasons, ["expired"]);
  });

  it("does not report delete, replace or clear to onEvict", async () => {
    const reasons: EvictionReason[] = [];
    const p = memoryStore().partition("c", { onEvict: (_k, _e, reason) => reasons.push(reason) });
    p.set("k", entry(1));
    p.set("k", entry(2));
    p.delete("k");
    p.set("j", entry(1));
    await p.clear();
    assert.deepStrictEqual(reasons, []);
  });

  it("stores a read-only copy of a value no layer prepared, and refuses an unserializable one", () => {
    const p = memoryStore().partition("c", {});
    const mine = { list: [1], at: new Date(0) };
    p.set("k", entry(mine));
    mine.list.push(2);
    const hit = p.get("k")?.value as { list: number[]; at: Date };
    assert.deepStrictEqual(hit.list, [1]);
    assert.throws(() => hit.list.push(3), TypeError);
    assert.throws(() => hit.at.setTime(1), TypeError);
    assert.throws(() => p.set("f", entry({ onChange: () => 1 })), ValueError);
    assert.equal(p.get("f"), undefined);
  });

  it("hands each reader of a byte-array value its own copy", () => {
    const p = memoryStore().partition("video_cache", { binary: true });
    p.set("video:1:0", entry(new Uint8Array([1, 2, 3])));
    (p.get("video:1:0")!.value as Uint8Array)[0] = 99;
    assert.deepStrictEqual(p.get("video:1:0")!.value, new Uint8Array([1, 2, 3]));
  });

  it("returns the same partition for the same cache", () => {
    const store = memoryStore();
    assert.equal(store.partition("c", {}), store.partition("c", {}));
  });
});
