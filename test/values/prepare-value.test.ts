import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { prepareValue, valueBytes, readOnlyEntry } from "../../src/runtime/values/index.js";
import { ValueError } from "../../src/index.node.js";
import { unserializableValueMessage } from "../../src/runtime/messages/manifest.js";

const ctx = { key: "user:42", cache: "user_data", layer: "client" } as const;

function refusal(value: unknown): ValueError {
  try {
    prepareValue(value, ctx);
  } catch (error) {
    assert.ok(error instanceof ValueError);
    return error;
  }
  assert.fail("expected a ValueError");
}

describe("values survive serialization (rule 13) at set", () => {
  it("refuses a function at depth, naming the path, the cache and the key", () => {
    const error = refusal({ profile: { name: "Ada", onChange: () => {} } });
    assert.equal(error.message, unserializableValueMessage("user_data", "a function", ".profile.onChange"));
    assert.equal(error.key, "user:42");
    assert.equal(error.cache, "user_data");
    assert.equal(error.layer, "client");
    assert.equal(error.path, ".profile.onChange");
  });

  it("refuses a symbol value and a symbol key", () => {
    assert.equal(refusal([1, 2, 3, Symbol("x")]).path, "[3]");
    assert.equal(refusal({ a: { [Symbol("k")]: 1 } }).path, ".a[Symbol(k)]");
    assert.match(refusal([1, 2, 3, Symbol("x")]).message, /holds a symbol at '\[3\]'/);
  });

  it("refuses a cycle, but not a shared reference", () => {
    const node: Record<string, unknown> = { children: [] };
    (node["children"] as unknown[]).push({ parent: node });
    const error = refusal(node);
    assert.equal(error.path, ".children[0].parent");
    assert.match(error.message, /holds a cycle/);
    const shared = { n: 1 };
    assert.deepStrictEqual(prepareValue({ a: shared, b: shared }, ctx).value, { a: { n: 1 }, b: { n: 1 } });
  });

  it("refuses a class instance other than the supported built-ins, naming its class", () => {
    class Money {
      amount = 1;
    }
    assert.equal(refusal({ tags: new Set([new Money()]) }).message, unserializableValueMessage("user_data", "an instance of Money", ".tags<Set>[0]"));
    assert.equal(refusal({ prefs: new Map([["theme", new URL("https://a.example")]]) }).path, '.prefs<Map>.get("theme")');
    assert.equal(refusal(new Float64Array(2)).path, ".");
    assert.equal(refusal(new Error("x")).message, unserializableValueMessage("user_data", "an instance of Error", "."));
    assert.equal(refusal({ "my key": [() => 1] }).path, '["my key"][0]');
  });

  it("accepts Date, Map, Set, Uint8Array, bigint, undefined, null-prototype objects and Buffers", () => {
    const value = {
      at: new Date(0),
      m: new Map([[1n, undefined]]),
      s: new Set(["a"]),
      b: new Uint8Array([1]),
      n: Object.create(null) as object,
      buf: Buffer.from([2]),
    };
    const prepared = prepareValue(value, ctx).value;
    assert.ok(prepared.at instanceof Date && prepared.m instanceof Map && prepared.s instanceof Set && prepared.b instanceof Uint8Array);
    assert.deepStrictEqual(prepared.buf, new Uint8Array([2]));
  });
});

describe("a stored value cannot be corrupted", () => {
  const original = () => ({
    name: "Ada",
    list: [1, 2],
    profile: { bio: "hi" },
    at: new Date(0),
    prefs: new Map([["theme", "dark"]]),
    tags: new Set(["a"]),
    avatar: new Uint8Array([1, 2, 3]),
  });

  it("throws on writes to objects and arrays (frozen, strict mode)", () => {
    const { value } = prepareValue(original(), ctx);
    const stored = value as any;
    assert.throws(() => {
      stored.name = "Eve";
    }, TypeError);
    assert.throws(() => {
      stored.extra = 1;
    }, TypeError);
    assert.throws(() => {
      stored.list.push(3);
    }, TypeError);
    assert.throws(() => {
      stored.profile.bio = "x";
    }, TypeError);
    assert.throws(() => {
      delete stored.name;
    }, TypeError);
    assert.deepStrictEqual(value, original());
  });

  it("throws on map.set, set.add and date.setTime, and the stored value is unchanged", () => {
    const { value } = prepareValue(original(), ctx);
    const stored = value as any;
    assert.throws(() => stored.prefs.set("theme", "light"), { name: "TypeError", message: /cannot set on a cached Map/ });
    assert.throws(() => stored.prefs.delete("theme"), TypeError);
    assert.throws(() => stored.prefs.clear(), TypeError);
    assert.throws(() => stored.tags.add("b"), { message: /cannot add to a cached Set/ });
    assert.throws(() => stored.tags.clear(), TypeError);
    assert.throws(() => stored.at.setTime(5), { message: /cannot call setTime on a cached Date/ });
    assert.throws(() => stored.at.setUTCFullYear(2000), TypeError);
    assert.deepStrictEqual(value, original());
  });

  it("hands out copies of byte arrays, so writing into one leaves the stored bytes", () => {
    const { value } = prepareValue({ avatar: new Uint8Array([1, 2, 3]), chunks: [new Uint8Array([9])], m: new Map([["k", new Uint8Array([7])]]) }, ctx);
    const stored = value as any;
    stored.avatar[0] = 99;
    stored.chunks[0][0] = 99;
    stored.m.get("k")[0] = 99;
    for (const [, bytes] of stored.m) bytes[0] = 99;
    assert.deepStrictEqual(stored.avatar, new Uint8Array([1, 2, 3]));
    assert.deepStrictEqual(stored.chunks[0], new Uint8Array([9]));
    assert.deepStrictEqual(stored.m.get("k"), new Uint8Array([7]));
  });

  it("hands out copies of a byte array stored as the whole value, through its entry", () => {
    const { value } = prepareValue(new Uint8Array([1, 2]), ctx);
    const entry = readOnlyEntry({ value, storedAt: 1 });
    (entry.value as Uint8Array)[0] = 99;
    assert.deepStrictEqual(entry.value, new Uint8Array([1, 2]));
    assert.throws(() => {
      (entry as any).value = 1;
    }, TypeError);
  });

  it("leaves the caller's own object unfrozen and unshared", () => {
    const mine = original();
    const { value } = prepareValue(mine, ctx);
    assert.ok(!Object.isFrozen(mine) && !Object.isFrozen(mine.list));
    mine.list.push(3);
    mine.prefs.set("theme", "light");
    mine.avatar[0] = 99;
    mine.at.setTime(5);
    assert.deepStrictEqual(value, original());
  });

  it("keeps the real prototypes, so the copy deep-equals the original and structuredClone works", () => {
    const { value } = prepareValue(original(), ctx);
    assert.equal(Object.getPrototypeOf(value.prefs), Map.prototype);
    assert.equal(Object.getPrototypeOf(value.at), Date.prototype);
    assert.deepStrictEqual(structuredClone(value), original());
  });

  it("reuses an already prepared value instead of copying it again", () => {
    const first = prepareValue(original(), ctx);
    const again = prepareValue(first.value, ctx);
    assert.equal(again.value, first.value);
    assert.equal(again.bytes, first.bytes);
  });

  it("checks and measures without copying when copy is false", () => {
    const mine = original();
    const { value, bytes } = prepareValue(mine, ctx, { copy: false });
    assert.equal(value, mine);
    assert.equal(bytes, prepareValue(original(), ctx).bytes);
    assert.throws(() => prepareValue({ f() {} }, ctx, { copy: false }), ValueError);
  });
});

describe("value size estimate", () => {
  it("grows with the value and counts two-byte strings double", () => {
    const small = prepareValue({ a: "x" }, ctx).bytes;
    const large = prepareValue({ a: "x".repeat(1000) }, ctx).bytes;
    assert.ok(large - small >= 990 && large - small <= 1010);
    assert.ok(prepareValue("é".repeat(100), ctx).bytes < prepareValue("→".repeat(100), ctx).bytes);
    assert.equal(valueBytes(prepareValue({ a: [1, 2] }, ctx).value), prepareValue({ a: [1, 2] }, ctx).bytes);
  });
});
