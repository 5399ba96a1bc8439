// G3 "honest outcomes" on real Redis. A write whose answer comes after its timeout — here because this
// process's event loop stalls right after the command was written, as a GC pause or a slow synchronous
// task would — may well have landed: it rejects with WriteOutcomeUnknownError, and the layer acts as if
// it was applied (it announces the key, so other processes drop their memory copies). A write that was
// never sent, or that Redis refused, was not applied: a plain StoreError, as is every failed read.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createLayer, defineManifest, memoryStore, StoreError, tieredStore, WriteOutcomeUnknownError } from "../../src/index.js";
import { redisBus, redisStore, RedisTimeoutError } from "../../src/redis.js";
import { startRedisServer } from "../helpers/redis-server.js";
import { deleteNamespace, eventually, rawClient, REDIS_URL, stallAfterNextCall, testNamespace } from "../redis/support.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    data: { primary: "server", owns: ["data:*"], ttl: "1h" },
    accounts: { primary: "server", owns: ["account:*"], exclusive: true, hardTimeout: "2s" },
  },
});

const STALL_MS = 600;
const TIMEOUT_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("honest outcomes on Redis", () => {
  const namespace = testNamespace("g3:");
  const closers: Array<() => Promise<void>> = [];
  after(async () => {
    for (const close of closers.splice(0)) await close();
    await deleteNamespace(namespace);
  });

  /** One process of the server layer: a memory tier over Redis, and a redisBus. */
  async function serverProcess(processId: string) {
    const redis = redisStore(REDIS_URL, { namespace, timeoutMs: TIMEOUT_MS });
    const bus = redisBus(REDIS_URL, { namespace });
    await Promise.all([redis.ready, bus.listening()]);
    const layer = createLayer(app, "server", { store: tieredStore(memoryStore(), redis), bus, processId });
    closers.push(async () => {
      await layer.close();
      await bus.close();
      await redis.close();
    });
    return { redis, layer };
  }

  it("a set answered after its timeout rejects with WriteOutcomeUnknownError though it landed, and another process stops serving the old value", async () => {
    const a = await serverProcess("a");
    const b = await serverProcess("b");
    await a.layer.own("data").set("data:1", { v: 1 });
    assert.deepEqual(await b.layer.own("data").get("data:1"), { v: 1 }, "B now holds v1 in its memory tier");

    const stalled = stallAfterNextCall(a.redis, STALL_MS);
    const writing = a.layer.own("data").set("data:1", { v: 2 });
    await stalled;
    const error = await failure(writing);
    assert.ok(error instanceof WriteOutcomeUnknownError, `outcome unknown, got ${String(error)}`);
    assert.ok(error instanceof StoreError, "a StoreError, for callers that catch those");
    assert.ok(error.cause instanceof RedisTimeoutError, `the timeout is the cause, got ${String(error.cause)}`);
    assert.match(error.message, /^✗ outcome unknown: set of 'data:1'/);

    const raw = await rawClient();
    try {
      assert.match(String(await raw.get(`${namespace}::data::data:1`)), /"v":2/, "the value landed in Redis");
    } finally {
      raw.destroy();
    }
    // B heard the announcement and dropped its memory copy: within the bus's latency, not the ttl (1 h).
    await eventually(async () => JSON.stringify(await b.layer.own("data").get("data:1")) === JSON.stringify({ v: 2 }), 2000);
    assert.deepEqual(await a.layer.own("data").get("data:1"), { v: 2 }, "A dropped its own memory copy");
  });

  it("an atomicUpdate answered after its timeout reads the key back and resolves, applied once", async () => {
    const { redis, layer } = await serverProcess("updater");
    const accounts = layer.own("accounts");
    await accounts.atomicUpdate("account:1", () => 10);
    const next = await accounts.atomicUpdate("account:1", (n) => {
      void stallAfterNextCall(redis, STALL_MS); // the next call is this update's write
      return (n as number) + 1;
    });
    assert.equal(next, 11);
    assert.equal(await accounts.get("account:1"), 11, "counted once");
  });
});

describe("honest outcomes on a Redis that stops answering", () => {
  it("an atomicUpdate whose outcome cannot be read back rejects with its operation id, and a retry with it is counted once", async () => {
    const server = await startRedisServer();
    const namespace = testNamespace("g3-stop:");
    const redis = redisStore(server.url, { namespace, timeoutMs: 300 });
    const layer = createLayer(app, "server", { store: redis });
    try {
      const accounts = layer.own("accounts");
      await accounts.atomicUpdate("account:1", () => 10);
      const error = await failure(
        accounts.atomicUpdate("account:1", (n) => {
          // The write lands while this process stalls; then Redis stops answering, so it cannot be read back.
          void stallAfterNextCall(redis, STALL_MS).then(() => server.pause());
          return (n as number) + 1;
        }),
      );
      assert.ok(error instanceof WriteOutcomeUnknownError, `outcome unknown, got ${String(error)}`);
      assert.equal(typeof error.operationId, "string");
      server.resume();
      // A careful caller retries with the same id until the store answers (its circuit may be open a moment).
      let result: unknown;
      for (let attempt = 0; ; attempt++) {
        try {
          result = await accounts.atomicUpdate("account:1", (n) => (n as number) + 1, { id: error.operationId! });
          break;
        } catch (retryError) {
          if (attempt >= 40) throw retryError;
          await sleep(100);
        }
      }
      assert.equal(result, 11, "the retry finds its update applied");
      assert.equal(await accounts.get("account:1"), 11, "counted once, not twice");
    } finally {
      await layer.close();
      await redis.close();
      await server.stop();
    }
  });

  it("a write to a paused Redis that times out is an unknown outcome; a read that times out is a plain StoreError", async () => {
    const server = await startRedisServer();
    const namespace = testNamespace("g3-paused:");
    const redis = redisStore(server.url, { namespace, timeoutMs: 200 });
    try {
      const p = redis.partition("data", { layer: "server" });
      await p.set("k", { value: "old", storedAt: 1 });
      server.pause();
      const write = await failure(Promise.resolve(p.set("k", { value: "new", storedAt: 2 })));
      assert.ok(write instanceof WriteOutcomeUnknownError, `a sent write that timed out: unknown, got ${String(write)}`);
      assert.ok(write.cause instanceof RedisTimeoutError);
      const read = await failure(Promise.resolve(p.get("k")));
      assert.ok(read instanceof StoreError && !(read instanceof WriteOutcomeUnknownError), `a read: plain, got ${String(read)}`);
      server.resume();
      // This write did not land after all (Redis refuses a set past its deadline); the client could not know.
      await eventually(async () => (await Promise.resolve(p.get("k")).catch(() => undefined))?.value === "old", 3000, 50);
    } finally {
      await redis.close();
      await server.stop();
    }
  });

  it("a write in flight when the connection drops is an unknown outcome; one made once the client is offline, or refused by the open circuit, is a plain StoreError", async () => {
    const server = await startRedisServer();
    const namespace = testNamespace("g3-dropped:");
    const redis = redisStore(server.url, { namespace, timeoutMs: 2000 });
    try {
      const p = redis.partition("data", { layer: "server" });
      await p.set("k", { value: "old", storedAt: 1 });
      server.pause(); // the write is sent and waits for an answer…
      const inFlight = failure(Promise.resolve(p.set("k", { value: "new", storedAt: 2 })));
      await new Promise((resolve) => setImmediate(resolve)); // (node-redis writes in a setImmediate)
      await server.kill(); // …when the connection drops
      const dropped = await inFlight;
      assert.ok(dropped instanceof WriteOutcomeUnknownError, `unknown, got ${String(dropped)}`);
      assert.ok(!(dropped.cause instanceof RedisTimeoutError), `the socket's error is the cause, got ${String(dropped.cause)}`);

      // Once the client knows it is offline it sends nothing: such a write is known not applied.
      await eventually(
        async () => ((await failure(Promise.resolve(p.get("k")))) as Error | undefined)?.cause?.constructor.name === "ClientOfflineError",
        3000,
        20,
      );
      const refused: unknown[] = [];
      for (let i = 0; i < 6; i++) refused.push(await failure(Promise.resolve(p.set("k", { value: "never", storedAt: 3 }))));
      for (const error of refused) {
        assert.ok(error instanceof StoreError, `a StoreError, got ${String(error)}`);
        assert.ok(!(error instanceof WriteOutcomeUnknownError), `a write never sent is known not applied, got ${String(error)}`);
      }
      assert.equal(redis.breaker.state, "open", "and then the circuit refuses them before sending");
    } finally {
      await redis.close();
      await server.stop();
    }
  });
});
