import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { redisBus, type RedisBus } from "../../src/runtime/redis/redis-bus.js";
import type { InvalidationMessage } from "../../src/runtime/contracts/bus.js";
import { eventually, rawClient, REDIS_URL, testNamespace } from "./support.js";

describe("redisBus", () => {
  const namespace = testNamespace("bus:");
  const buses: RedisBus[] = [];
  const open = (ns = namespace) => {
    const bus = redisBus(REDIS_URL, { namespace: ns });
    buses.push(bus);
    return bus;
  };
  after(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
  });

  const message = (target: string, origin = "a"): InvalidationMessage => ({ origin, layer: "server", cache: "user_data", target, isPattern: false });

  it("carries keys and patterns, never values, on 'borrowcache:<namespace>:invalidations'", async () => {
    const a = open();
    const b = open();
    const got: InvalidationMessage[] = [];
    b.subscribe((m) => got.push(m));
    await b.listening();
    const raw = await rawClient();
    const seen: string[] = [];
    const spy = raw.duplicate();
    await spy.connect();
    await spy.subscribe(`borrowcache:${namespace}:invalidations`, (text) => seen.push(text));
    try {
      await a.publish({ origin: "a", layer: "server", cache: "profile", target: "profile:*", isPattern: true });
      await eventually(() => got.length === 1 && seen.length === 1);
      assert.deepEqual(got[0], { origin: "a", layer: "server", cache: "profile", target: "profile:*", isPattern: true });
      assert.deepEqual(Object.keys(JSON.parse(seen[0]!)).sort(), ["cache", "isPattern", "layer", "origin", "target"]);
    } finally {
      spy.destroy();
      raw.destroy();
    }
  });

  it("does not cross namespaces", async () => {
    const a = open();
    const stranger = open(testNamespace("bus-other:"));
    const heard: InvalidationMessage[] = [];
    stranger.subscribe((m) => heard.push(m));
    const own: InvalidationMessage[] = [];
    const b = open();
    b.subscribe((m) => own.push(m));
    await Promise.all([stranger.listening(), b.listening()]);
    await a.publish(message("user:1"));
    await eventually(() => own.length === 1);
    assert.equal(heard.length, 0);
  });

  it("ignores garbled messages on its channel instead of crashing", async () => {
    const b = open();
    const got: InvalidationMessage[] = [];
    b.subscribe((m) => got.push(m));
    await b.listening();
    const raw = await rawClient();
    try {
      await raw.publish(b.channel, "not json");
      await raw.publish(b.channel, JSON.stringify({ origin: 1 }));
      await raw.publish(b.channel, JSON.stringify(message("user:ok")));
      await eventually(() => got.length === 1);
      assert.equal(got[0]!.target, "user:ok");
    } finally {
      raw.destroy();
    }
  });

  it("closes at once, with a subscription open (no argument-less unsubscribe)", async () => {
    const bus = redisBus(REDIS_URL, { namespace });
    bus.subscribe(() => {});
    await bus.listening();
    const started = Date.now();
    await bus.close();
    assert.ok(Date.now() - started < 1000, `close took ${Date.now() - started}ms`);
  });
});
