// The parts of keyvStore that make real adapters safe: escaped keys, records in any form an adapter
// answers, a deadline on every call, errors that name the user's key, adapters refused as configured,
// and the adapters a factory made closed with the store. Real adapters on real servers; faults from a
// loopback proxy (keyv-proxy.ts) or a wrapper around a real Map.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import KeyvRedis from "@keyv/redis";
import KeyvPostgres from "@keyv/postgres";
import KeyvValkey from "@keyv/valkey";
import { StoreError, KeyvTimeoutError, keyvStore, type KeyvAdapter } from "../../src/index.node.js";
import { escapeKey, unescapeKey } from "../../src/runtime/stores/keyv-keys.js";
import { decodeRecord, encodeRecord } from "../../src/runtime/stores/keyv-record.js";
import { chunkKey } from "../../src/runtime/streaming/chunk-keys.js";
import { manualClock } from "../../src/runtime/time/clock.js";
import { pings } from "../helpers/redis-server.js";
import { REDIS_URL, deleteNamespace, eventually, testNamespace } from "../redis/support.js";
import { startProxy } from "./keyv-proxy.js";
import { boundMember } from "../helpers/bound-member.js";

// Asked before any test runs: a test that keeps the event loop busy would make the answer come too late.
const redisUp = await pings(Number(new URL(REDIS_URL).port || 6379), 500);

describe("keyvStore keys", () => {
  it("plain escaping leaves ordinary keys as they are and takes NUL, control characters and '%' out", () => {
    assert.equal(escapeKey("user:42/ünï 🎉", "plain"), "user:42/ünï 🎉");
    assert.equal(escapeKey(chunkKey("video:1", "v1", 0), "plain"), "%00chunk%00v1%000%00video:1");
    assert.equal(escapeKey("100%\t", "plain"), "100%25%09");
  });

  it("folded escaping leaves nothing a case-, accent- or space-insensitive collation could take as equal", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (key) => {
        const escaped = escapeKey(key, "folded");
        assert.match(escaped, /^[a-z0-9:/._*%-]*$/);
        assert.equal(
          unescapeKey(escaped),
          key.replace(/[\ud800-\udfff]/g, (c: string, i: number) => (isPaired(key, i) ? c : "\ufffd")),
        );
      }),
    );
    assert.notEqual(escapeKey("data:Ab", "folded"), escapeKey("data:ab", "folded"));
    assert.notEqual(escapeKey("data:äb ", "folded").toLowerCase(), escapeKey("data:ab", "folded"));
  });

  it("every key comes back as itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (key) => {
        assert.equal(unescapeKey(escapeKey(key, "plain")), key);
        assert.equal(unescapeKey(escapeKey(key, "folded")), key);
      }),
    );
  });
});

function isPaired(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code < 0xdc00 ?
      at + 1 < text.length && text.charCodeAt(at + 1) >= 0xdc00 && text.charCodeAt(at + 1) <= 0xdfff
    : at > 0 && text.charCodeAt(at - 1) >= 0xd800 && text.charCodeAt(at - 1) < 0xdc00;
}

describe("keyvStore records", () => {
  const entry = { value: { at: new Date(5), big: 7n, bytes: new Uint8Array([1, 2]), s: ":base64:AAAA" }, storedAt: 1, expiresAt: 9 };

  it("reads back the text, its bytes, the object an adapter parsed, and a quoted text parsed back to itself", () => {
    const text = encodeRecord(entry, 100, false);
    assert.deepStrictEqual(decodeRecord(text), entry);
    assert.deepStrictEqual(decodeRecord(new TextEncoder().encode(text)), entry);
    assert.deepStrictEqual(decodeRecord(JSON.parse(text)), entry);
    assert.deepStrictEqual(decodeRecord(JSON.parse(encodeRecord(entry, 100, true))), entry);
  });

  it("takes keyv's { value, expires } wrapper, and @keyv/memcache's miss, { value: undefined, expires: 0 }", () => {
    assert.equal(decodeRecord({ value: undefined, expires: 0 }), undefined);
    assert.deepStrictEqual(decodeRecord({ value: encodeRecord(entry, undefined, false), expires: 0 }), entry);
  });

  it("refuses anything else, naming what it got", () => {
    assert.throws(() => decodeRecord(42), { message: "unexpected record of type number" });
    assert.throws(() => decodeRecord({ a: 1, b: 2 }), { message: "unexpected record of type object { a, b }" });
  });
});

// A real Map behind a proxy whose every method fails, as a dropped backend does.
function failingMap(): KeyvAdapter {
  return new Proxy(new Map<string, unknown>(), {
    get(target, property) {
      if (typeof property === "string" && ["get", "set", "delete", "has", "keys"].includes(property))
        return () => {
          throw new Error("backend down");
        };
      return boundMember(target, property, target);
    },
  });
}

describe("keyvStore errors", () => {
  it("a chunk's failure names the streamed value's key and the chunk, never the internal chunk key", async () => {
    const p = keyvStore(failingMap(), { namespace: "app", layer: "server" }).partition("video_cache", {});
    await assert.rejects(
      async () => p.set(chunkKey("video:1", "v1", 3), { value: new Uint8Array(1), storedAt: 1 }),
      (error: unknown) => {
        assert.ok(error instanceof StoreError);
        assert.equal(error.key, "video:1");
        assert.equal(error.operation, "set (chunk 3)");
        assert.match(error.message, /^✗ set \(chunk 3\) of 'video:1' failed in store 'keyv' of layer 'server': backend down$/);
        return true;
      },
    );
  });

  it("an answer past the deadline changes nothing: the caller had its timeout, and the record it brings is not acted on", async () => {
    // A real Map behind async methods whose get answers only when told; its delete fails, as a backend
    // that is still away does. The late answer is a record that expired meanwhile: reading it would
    // delete it, and that failure would reach nobody (an unhandled rejection).
    const clock = manualClock();
    const map = new Map<string, unknown>();
    let answer: (raw: unknown) => void = () => {};
    let deletes = 0;
    const adapter = {
      get: (key: string) => new Promise<unknown>((resolve) => (answer = () => resolve(map.get(key)))),
      set: async (key: string, raw: unknown) => void map.set(key, raw),
      delete: async () => {
        deletes++;
        throw new Error("backend down");
      },
    };
    const unhandled: unknown[] = [];
    const hear = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", hear);
    try {
      const p = keyvStore(adapter as unknown as KeyvAdapter, { namespace: "app", layer: "server", timeoutMs: 1000, clock }).partition("c", {});
      await p.set("k", { value: 1, storedAt: clock.now() }, 100);
      const read = p.get("k");
      clock.advance(1100);
      await assert.rejects(read, (error: unknown) => error instanceof StoreError && error.cause instanceof KeyvTimeoutError && error.key === "k");
      answer(undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(deletes, 0, "the late record is not read, so not deleted");
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", hear);
    }
  });
});

describe("keyvStore over adapters on a real Redis", { skip: redisUp ? false : `no Redis on ${REDIS_URL}` }, () => {
  const namespace = testNamespace("keyv-parts:");
  after(() => deleteNamespace(namespace));

  it("bounds every call: a server that stops answering is a StoreError naming the bound, within it", async () => {
    const proxy = await startProxy(Number(new URL(REDIS_URL).port || 6379));
    const adapter = new KeyvRedis(`redis://127.0.0.1:${proxy.port}`, { throwOnErrors: true });
    const store = keyvStore(adapter as unknown as KeyvAdapter, { namespace, timeoutMs: 300, layer: "server" });
    const p = store.partition("c", {});
    try {
      await p.set("k", { value: 1, storedAt: 1 });
      proxy.blackhole();
      for (const [what, call] of [
        ["get", () => p.get("k")],
        ["set", () => p.set("k", { value: 2, storedAt: 1 })],
        [
          "keys",
          async () => {
            for await (const _ of p.keys("*")) void _;
          },
        ],
      ] as const) {
        const started = performance.now();
        await assert.rejects(call(), (error: unknown) => {
          assert.ok(error instanceof StoreError, `${what}: a StoreError`);
          assert.ok(error.cause instanceof KeyvTimeoutError, `${what}: the deadline as cause`);
          assert.equal(error.cause.timeoutMs, 300);
          assert.match(error.message, /@keyv\/redis did not answer within 300ms \(keyvStore timeoutMs\)$/);
          return true;
        });
        const took = performance.now() - started;
        assert.ok(took >= 290 && took < 300 + 200, `${what} failed after ${Math.round(took)}ms`);
      }
    } finally {
      await proxy.close();
      await Promise.race([adapter.disconnect().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 500))]);
    }
  });

  it("refuses @keyv/redis without throwOnErrors, which answers failures as misses", () => {
    const adapter = new KeyvRedis(REDIS_URL);
    assert.throws(() => keyvStore(adapter as unknown as KeyvAdapter, { namespace }), {
      message:
        /^✗ @keyv\/redis answers a failed call as a miss and a failed listing as an empty one unless created with throwOnErrors — create it as new KeyvRedis\(url, \{ throwOnErrors: true \}\)$/,
    });
  });

  // @keyv/valkey types its ioredis client as any.
  const redisOf = (adapter: KeyvValkey) => (adapter as unknown as { redis: { status: string; disconnect(): void } }).redis;

  it("hears the adapter's error events (onError), and closes on close() only the adapters its factory made", async () => {
    const proxy = await startProxy(Number(new URL(REDIS_URL).port || 6379));
    const through = `redis://127.0.0.1:${proxy.port}`;
    const heard: unknown[] = [];
    const made: KeyvValkey[] = [];
    const fromFactory = keyvStore(
      () => {
        const adapter = new KeyvValkey(through);
        adapter.namespace = namespace;
        made.push(adapter);
        return adapter;
      },
      { namespace, onError: (error) => heard.push(error) },
    );
    const passed = new KeyvValkey(through);
    passed.namespace = namespace;
    const passedIn = keyvStore(passed as unknown as KeyvAdapter, { namespace });
    try {
      await fromFactory.partition("c", {}).set("k", { value: 1, storedAt: 1 });
      await passedIn.partition("c", {}).set("k", { value: 1, storedAt: 1 });
      await proxy.down();
      await eventually(() => heard.length > 0, 2000);
      await fromFactory.close();
      await passedIn.close();
      await proxy.up();
      // ioredis reconnects by itself: only the adapter the store did not close comes back.
      await eventually(() => redisOf(passed).status === "ready", 5000);
      assert.notEqual(redisOf(made[0]!).status, "ready", "the factory's adapter was closed with the store");
      assert.equal(made.length, 1);
    } finally {
      redisOf(passed).disconnect();
      await proxy.close();
      await deleteNamespace(`namespace:${namespace}`);
    }
  });
});

describe("keyvStore over @keyv/postgres", () => {
  it("refuses an adapter whose pool would let an idle connection's error kill the process, naming the fix", () => {
    const adapter = new KeyvPostgres({ uri: "postgresql://nobody@127.0.0.1:1/none" });
    adapter.on("error", () => {});
    assert.throws(() => keyvStore(adapter as unknown as KeyvAdapter, { namespace: "x" }), {
      message:
        "✗ @keyv/postgres's connection pool has no 'error' listener, so a connection dropped while idle (a database restart) kills the process — create it as new KeyvPostgres({ uri, onConnect: pgClientGuard })",
    });
  });
});
