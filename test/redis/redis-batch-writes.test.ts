// Batch writes and soft invalidation on real Redis: setMany/deleteMany in one script call (counted with
// MONITOR on the test's own namespace), each target of the batch's cascades dropped once, and an
// expire that is a compare-and-set, so that no fill that started before it stores its value as fresh.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { BorrowError, createLayer, defineManifest, manualClock, type Source } from "../../src/index.js";
import { redisStore, type RedisStore } from "../../src/redis.js";
import { keyvStore } from "../../src/index.js";
import KeyvRedis from "@keyv/redis";
import { createClient } from "@redis/client";
import { DELETE_MANY, EXPIRE_IF_UNCHANGED, SET_MANY } from "../../src/runtime/redis/redis-batch-scripts.js";
import { deleteNamespace, rawClient, REDIS_URL, testNamespace } from "./support.js";

const app = defineManifest({
  layers: ["server"],
  caches: {
    items: { primary: "server", owns: ["item:*"], ttl: "10m", invalidates: ["listing:all", { target: "summary:*", mode: "expire" }] },
    listing: { primary: "server", owns: ["listing:*"], ttl: "10m" },
    summary: { primary: "server", owns: ["summary:*"], ttl: "10m", grace: "1m" },
    accounts: { primary: "server", owns: ["account:*"], exclusive: true },
  },
});

/** Counts the commands Redis receives for keys under `namespace` (MONITOR on its own connection). */
async function commandMonitor(namespace: string) {
  const monitor = await rawClient();
  const seen: string[] = [];
  await monitor.monitor((reply: unknown) => {
    const text = typeof reply === "string" ? reply : JSON.stringify(reply);
    // Commands a script runs show as `[0 lua]`: only what clients sent is a round trip.
    if (text.includes(namespace) && !text.includes(" lua]")) seen.push(text);
  });
  const settle = async () => {
    const probe = await rawClient();
    await probe.get(`${namespace}:probe`); // MONITOR lines arrive in order: once the probe is seen, every earlier command was
    probe.destroy();
    for (let i = 0; i < 100 && !seen.some((line) => line.includes(`${namespace}:probe`)); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  return {
    /** The commands seen since the last call (the probe excluded). */
    async take(): Promise<string[]> {
      await settle();
      return seen.splice(0).filter((line) => !line.includes(`${namespace}:probe`));
    },
    close: () => monitor.destroy(),
  };
}

describe("batch writes on Redis", () => {
  const namespace = testNamespace("batch:");
  let store: RedisStore;
  let monitor: Awaited<ReturnType<typeof commandMonitor>>;

  before(async () => {
    store = redisStore(REDIS_URL, { namespace });
    monitor = await commandMonitor(namespace);
  });
  after(async () => {
    monitor.close();
    await store.close();
    await deleteNamespace(namespace);
  });

  it("runs scripts whose SHA-1 literals match their texts", () => {
    for (const script of [SET_MANY, DELETE_MANY, EXPIRE_IF_UNCHANGED])
      assert.equal(createHash("sha1").update(script.text).digest("hex"), script.sha, script.name);
  });

  it("setMany of 100 keys is one command where 100 sets were 100", async () => {
    const server = createLayer(app, "server", { store });
    const items = server.own("items");
    const entries = Array.from({ length: 100 }, (_, i) => [`item:${i}`, { n: i }] as const);
    await items.setMany([["item:warm", 0]]); // load the script once (a first EVALSHA answers NOSCRIPT, then EVAL)
    await items.set("item:warm", 0);
    await monitor.take();

    for (const [key, value] of entries) await items.set(key, value);
    const oneByOne = (await monitor.take()).filter((line) => line.includes("item:"));
    await items.setMany(entries);
    const batched = (await monitor.take()).filter((line) => line.includes("item:"));

    console.log(`# round trips to Redis for 100 keys: set × 100 → ${oneByOne.length} commands, setMany → ${batched.length}`);
    assert.equal(oneByOne.length, 100);
    assert.equal(batched.length, 1);
    assert.deepEqual(await items.getMany(["item:0", "item:99"]), [{ n: 0 }, { n: 99 }]);
  });

  it("deleteMany of 100 keys is one command, and says whether any was there", async () => {
    const server = createLayer(app, "server", { store });
    const items = server.own("items");
    const keys = Array.from({ length: 100 }, (_, i) => `item:d${i}` as const);
    await items.setMany(keys.map((key) => [key, key] as const));
    await monitor.take();
    assert.equal(await items.deleteMany(keys), true);
    const commands = (await monitor.take()).filter((line) => line.includes("item:d"));
    assert.equal(commands.length, 1);
    assert.equal(await items.has("item:d0"), false);
    assert.equal(await items.deleteMany(keys), false);
  });

  it("drops each target of the batch's cascades once, with its mode", async () => {
    const server = createLayer(app, "server", { store });
    await server.own("listing").set("listing:all", ["old"]);
    await server.own("summary").set("summary:1", "one");
    const heard: unknown[] = [];
    server.onInvalidate((invalidation) => {
      if (invalidation.cache !== "items") heard.push(invalidation);
    });

    await server.own("items").setMany([
      ["item:1", 1],
      ["item:2", 2],
      ["item:3", 3],
    ]);

    const byTarget = (a: unknown, b: unknown) => String((a as { target: string }).target).localeCompare((b as { target: string }).target);
    assert.deepEqual(heard.sort(byTarget), [
      { cache: "listing", target: "listing:all", isPattern: false },
      { cache: "summary", target: "summary:1", isPattern: false, mode: "expire" },
      { cache: "summary", target: "summary:2", isPattern: false, mode: "expire" },
      { cache: "summary", target: "summary:3", isPattern: false, mode: "expire" },
    ]);
    assert.equal(await server.own("listing").has("listing:all"), false);
    const summary = await server.own("summary").getWithMeta("summary:1");
    assert.deepEqual([summary.value, summary.stale], ["one", true]);
  });

  it("refuses setMany on an exclusive cache with the text of set, at run time too", async () => {
    const server = createLayer(app, "server", { store });
    const accounts = server.own("accounts") as unknown as { setMany(entries: [string, unknown][]): Promise<void> };
    await assert.rejects(
      accounts.setMany([["account:1", 10]]),
      (error: unknown) =>
        error instanceof BorrowError && error.message === "✗ cannot set in cache 'accounts': it is exclusive — write it with atomicUpdate(key, fn)",
    );
  });
});

describe("batch writes on a keyv adapter", () => {
  const namespace = testNamespace("keyv-batch:");
  after(() => deleteNamespace(namespace));

  it("setMany and deleteMany of 100 keys are one adapter call each on @keyv/redis (its setMany / deleteMany), where set was 100", async () => {
    const adapter = new KeyvRedis(REDIS_URL, { throwOnErrors: true });
    const calls: string[] = [];
    // A wrapping counter on the real adapter: each call it receives is one round trip (@keyv/redis sends setMany as one MULTI).
    for (const method of ["set", "setMany", "delete", "deleteMany"] as const) {
      const original = adapter[method].bind(adapter) as (...args: unknown[]) => unknown;
      (adapter as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        // Only the items' own calls: the cascade (a delete of 'listing:all') is counted elsewhere.
        if (JSON.stringify(args[0]).includes("item:")) calls.push(method);
        return original(...args);
      };
    }
    const store = keyvStore(adapter, { namespace });
    try {
      const items = createLayer(app, "server", { store }).own("items");
      const entries = Array.from({ length: 100 }, (_, i) => [`item:k${i}`, i] as const);
      for (const [key, value] of entries) await items.set(key, value);
      const oneByOne = calls.splice(0);
      await items.setMany(entries);
      const batched = calls.splice(0);
      console.log(`# @keyv/redis adapter calls for 100 keys: set × 100 → ${oneByOne.length}, setMany → ${batched.length}`);
      assert.deepEqual([oneByOne.length, batched], [100, ["setMany"]]);
      assert.equal(await items.get("item:k42"), 42);
      assert.equal(await items.deleteMany(entries.map(([key]) => key)), true);
      assert.deepEqual(calls.splice(0), ["deleteMany"]);
      assert.equal(await items.has("item:k42"), false);
    } finally {
      await store.close?.();
    }
  });
});

describe("soft invalidation on Redis", () => {
  const namespace = testNamespace("expire:");
  let storeA: RedisStore;
  let storeB: RedisStore;

  before(() => {
    storeA = redisStore(REDIS_URL, { namespace });
    storeB = redisStore(REDIS_URL, { namespace });
  });
  after(async () => {
    await storeA.close();
    await storeB.close();
    await deleteNamespace(namespace);
  });

  function gated() {
    let release: () => void = () => {};
    let version = 1;
    const loads: string[] = [];
    const source: Source<unknown> = {
      async load(key) {
        loads.push(key);
        const answer = `${key}@${version++}`;
        await new Promise<void>((resolve) => (release = resolve));
        return answer;
      },
    };
    return { source, loads, release: () => release() };
  }

  it("another process reads the expired entry stale, and refreshes it once", async () => {
    const db = gated();
    const a = createLayer(app, "server", { store: storeA });
    const b = createLayer(app, "server", { store: storeB, sources: { summary: db.source } });
    await a.own("summary").set("summary:x", "written by a");
    await a.own("summary").invalidate("summary:x", { mode: "expire" });

    const first = await b.own("summary").getWithMeta("summary:x");
    assert.deepEqual([first.value, first.stale, first.hit], ["written by a", true, true]);
    for (let i = 0; i < 50 && db.loads.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5)); // the refresh takes its lease first
    assert.equal(await b.own("summary").get("summary:x"), "written by a");
    assert.deepEqual(db.loads, ["summary:x"], "two stale reads, one refresh");
    db.release();
    for (let i = 0; i < 50 && (await b.own("summary").getWithMeta("summary:x")).stale; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const fresh = await a.own("summary").getWithMeta("summary:x");
    assert.deepEqual([fresh.value, fresh.stale], ["summary:x@1", false]);
  });

  it("a refresh of another process that started before the expire is not stored as fresh", async () => {
    const clock = manualClock(Date.now());
    const db = gated();
    const a = createLayer(app, "server", { store: storeA });
    const b = createLayer(app, "server", { store: storeB, clock, sources: { summary: db.source } });
    await a.own("summary").set("summary:y", "v0", { ttl: 1 });
    clock.advance(5); // b sees it past its ttl, within grace: its next read refreshes through a lease over the value
    const refreshing = b.own("summary").get("summary:y");
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(db.loads, ["summary:y"]);

    await a.own("summary").invalidate("summary:y", { mode: "expire" });
    db.release();
    assert.equal(await refreshing, "summary:y@1", "the reader gets what it loaded");
    const after = await a.own("summary").getWithMeta("summary:y");
    assert.deepEqual([after.value, after.stale], ["v0", true], "the fill was refused: the expired value stays stale");
  });

  it("an expire that finds a lease, whose fill lands before the expire can end it, reads again and marks the filled entry stale", async () => {
    // Process B leases the key and loads; process A's expire reads the lease, and B's fill lands right
    // then, before A's compare-and-delete of the lease: a proxy on A's client runs B's fill when A's GET
    // of the key answers, so this interleaving happens every time. The fill was loaded before the
    // expire, so it must not stay fresh (G1).
    const key = "summary:raced";
    const full = `${namespace}::summary::${key}`;
    const filler = storeB.partition("summary", {});
    const lease = await filler.lease!(key, 10_000);
    assert.ok("granted" in lease, "B holds the lease while it loads");
    let landed = false;
    const client = createClient({ url: REDIS_URL, disableOfflineQueue: true });
    const proxied: typeof client = new Proxy(client, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        if (property === "get") {
          return async (...args: unknown[]) => {
            const answer = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            if (!landed && args[0] === full) {
              landed = true;
              assert.equal(await filler.fill!(key, { value: "loaded before the expire", storedAt: 1 }, undefined, lease.granted), true);
            }
            return answer;
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    const expiring = redisStore(proxied, { namespace });
    try {
      const now = Date.now();
      assert.equal(await expiring.partition("summary", {}).expire!(key, now, now + 30_000), true, "the expire marked the entry");
      assert.ok(landed, "B's fill landed between the expire's read and its release of the lease");
      const after = await filler.get(key);
      assert.equal(after?.value, "loaded before the expire");
      assert.equal(after?.expired, true, "the fill is marked stale, not left fresh");
    } finally {
      await expiring.close();
      if (client.isOpen) client.destroy();
    }
  });

  it("an expire of a key another process is loading ends its lease, so the load's fill is refused", async () => {
    const db = gated();
    const a = createLayer(app, "server", { store: storeA });
    const b = createLayer(app, "server", { store: storeB, sources: { summary: db.source } });
    const loading = b.own("summary").get("summary:z");
    await new Promise((resolve) => setTimeout(resolve, 20));
    await a.own("summary").invalidate("summary:z", { mode: "expire" });
    db.release();
    assert.equal(await loading, "summary:z@1");
    assert.equal(await a.own("summary").has("summary:z"), false);
  });
});
