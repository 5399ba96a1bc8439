// redisBus while Redis is away, on a private redis-server: publishes never hang or throw, they wait in
// a bounded retry queue and go out again (at least once) when Redis answers; after a restart the
// subscribers are told to drop what they cannot prove fresh (onReconnect).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { redisBus, type RedisBus } from "../../src/index.node.js";
import type { BacklogEvent, BusState, InvalidationMessage } from "../../src/index.node.js";
import { startRedisServer, type PrivateRedis } from "../helpers/redis-server.js";
import { eventually, testNamespace } from "./support.js";

describe("redisBus through a Redis outage (private redis-server)", () => {
  let redis: PrivateRedis;
  const buses: RedisBus[] = [];
  const namespace = testNamespace("bus-outage:");
  const open = (options: { retryQueueSize?: number; heartbeatMs?: number; livenessMs?: number } = {}) => {
    const bus = redisBus(redis.url, { namespace, timeoutMs: 150, retryIntervalMs: 50, ...options });
    buses.push(bus);
    return bus;
  };
  const message = (target: string): InvalidationMessage => ({ origin: "writer", layer: "server", cache: "notes", target, isPattern: false });

  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await redis.stop();
  });

  it("paused: publishes resolve within the timeout, queue, and are delivered (at least once, in order) after SIGCONT", async () => {
    const writer = open();
    const reader = open();
    const got: string[] = [];
    reader.subscribe((m) => got.push(m.target));
    await Promise.all([reader.listening(), writer.listening()]);
    redis.pause();
    try {
      const started = Date.now();
      for (const key of ["note:1", "note:2", "note:3"]) await writer.publish(message(key));
      assert.ok(Date.now() - started < 3 * 150 + 1000, `publishing took ${Date.now() - started}ms`);
      assert.ok(writer.queued >= 1, `queued ${writer.queued}`);
    } finally {
      redis.resume();
    }
    await eventually(() => writer.queued === 0 && got.includes("note:3"), 5000);
    const firsts = got.filter((key, i) => got.indexOf(key) === i);
    assert.deepEqual(firsts, ["note:1", "note:2", "note:3"]);
  });

  it("past retryQueueSize, folds a cache's waiting messages into one 'forget everything' message instead of dropping any", async () => {
    const writer = open({ retryQueueSize: 2 });
    const events: BacklogEvent[] = [];
    writer.onBacklog((event) => events.push(event));
    await writer.listening();
    await redis.kill();
    try {
      for (const key of ["a", "b", "c"]) await writer.publish(message(key));
      // Messages already on their way when the bound is reached fold in once their attempt fails.
      await eventually(() => writer.queued === 1, 2000);
      assert.equal(writer.dropped, 3, "the three messages are folded into one for the cache 'notes'");
      assert.deepEqual(
        events.map((event) => event.type),
        ["backlog", "overflow"],
      );
      const overflow = events[1];
      assert.deepEqual(overflow?.type === "overflow" ? overflow.caches : undefined, ["notes"]);
    } finally {
      await redis.restart();
    }
    await eventually(() => writer.queued === 0, 5000);
    assert.equal(events.at(-1)?.type, "drained");
    assert.equal(writer.stats().overflows, 1);
  });

  it("killed and restarted: reconnecting, onReconnect fires, the queue drains, messages flow again (connected)", async () => {
    const writer = open();
    const reader = open();
    const got: string[] = [];
    const states: BusState[] = [];
    let reconnects = 0;
    reader.subscribe(
      (m) => got.push(m.target),
      () => reconnects++,
    );
    await Promise.all([reader.listening(), writer.listening()]);
    reader.onState((state) => states.push(state));
    await redis.kill();
    await eventually(() => reader.state === "reconnecting", 2000);
    await writer.publish(message("note:while-down")); // resolves: queued, not thrown
    assert.equal(writer.queued, 1);
    await redis.restart();
    await eventually(() => reconnects >= 1 && writer.queued === 0, 5000);
    await writer.publish(message("note:after"));
    await eventually(() => got.includes("note:after"), 5000);
    assert.equal(reader.state, "connected");
    assert.deepEqual(states, ["reconnecting", "connected"]);
  });

  it("paused (open connections, no answers): silent within the liveness bound, connected after SIGCONT", async () => {
    const reader = open({ heartbeatMs: 100, livenessMs: 500 });
    const states: Array<{ state: BusState; at: number }> = [];
    let reconnects = 0;
    reader.subscribe(
      () => {},
      () => reconnects++,
    );
    await reader.listening();
    reader.onState((state) => states.push({ state, at: Date.now() }));
    const pausedAt = Date.now();
    redis.pause();
    try {
      await eventually(() => reader.state === "silent", 2000);
      assert.ok(reconnects >= 1, "subscribers were told they may have missed messages");
    } finally {
      redis.resume();
    }
    const resumedAt = Date.now();
    await eventually(() => reader.state === "connected", 5000);
    const silentAfter = states[0]!.at - pausedAt;
    console.log(`SIGSTOP: silent ${silentAfter} ms after the pause (liveness 500 ms); connected ${Date.now() - resumedAt} ms after SIGCONT`);
    assert.ok(silentAfter <= 500 + 250, `silent after ${silentAfter} ms`);
  });
});
