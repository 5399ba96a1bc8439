import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { redisBus, type RedisBus, type RedisBusOptions } from "../../src/index.node.js";
import type { BusState, InvalidationMessage } from "../../src/index.node.js";
import { CLUSTER_NODES, eventually, rawClient, REDIS_URL, testNamespace } from "./support.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("redisBus", () => {
  const namespace = testNamespace("bus:");
  const buses: RedisBus[] = [];
  const open = (ns = namespace, options: RedisBusOptions = {}) => {
    const bus = redisBus(REDIS_URL, { namespace: ns, ...options });
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
    // Pings share the channel (they prove it delivers); they are no JSON.
    await spy.subscribe(`borrowcache:${namespace}:invalidations`, (text) => text.startsWith("{") && seen.push(text));
    try {
      await a.publish({ origin: "a", layer: "server", cache: "profile", target: "profile:*", isPattern: true });
      await eventually(() => got.length === 1 && seen.length === 1);
      assert.deepEqual(got[0], { origin: "a", layer: "server", cache: "profile", target: "profile:*", isPattern: true });
      assert.deepEqual(Object.keys(JSON.parse(seen[0]!) as object).sort(), ["cache", "isPattern", "layer", "origin", "target"]);
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

  it("pings its channel while it listens; pings prove the subscription (connected) and never reach subscribers", async () => {
    const bus = open(testNamespace("bus-ping:"), { heartbeatMs: 50 });
    const got: InvalidationMessage[] = [];
    const states: BusState[] = [];
    bus.onState((state) => states.push(state));
    assert.equal(bus.state, "reconnecting", "nothing heard yet");
    bus.subscribe((m) => got.push(m));
    await bus.listening();
    assert.equal(bus.state, "connected");
    await sleep(500);
    assert.ok(bus.pings >= 5, `${bus.pings} pings`);
    assert.deepEqual(got, []);
    assert.deepEqual(states, ["connected"]);
  });

  it("a bus that only publishes does not subscribe or ping", async () => {
    const bus = open(testNamespace("bus-quiet:"), { heartbeatMs: 20 });
    await bus.publish(message("user:1"));
    await sleep(200);
    assert.equal(bus.pings, 0);
  });

  it("heartbeat cost: messages per second each process publishes and hears, 4 buses", async () => {
    const ns = testNamespace("bus-cost:");
    const group = Array.from({ length: 4 }, () => open(ns));
    for (const bus of group) bus.subscribe(() => {});
    await Promise.all(group.map((bus) => bus.listening()));
    const raw = await rawClient();
    const spy = raw.duplicate();
    await spy.connect();
    let heard = 0;
    await spy.subscribe(`borrowcache:${ns}:invalidations`, () => heard++);
    const pingsBefore = group.map((bus) => bus.pings);
    const seconds = 3;
    await sleep(seconds * 1000);
    spy.destroy();
    raw.destroy();
    const published = group.map((bus, i) => (bus.pings - pingsBefore[i]!) / seconds);
    console.log(
      `heartbeat, 4 idle buses, ${seconds} s: each publishes ${published.map((n) => n.toFixed(1)).join("/")} pings/s and hears ${(heard / seconds).toFixed(1)} messages/s (every bus's pings)`,
    );
    for (const rate of published) assert.ok(rate >= 0.5 && rate <= 1.5, `${rate} pings/s`);
  });
});

const clusterSkip = CLUSTER_NODES && CLUSTER_NODES.length > 0 ? false : "REDIS_CLUSTER_NODES is not set";

describe("redisBus on a Redis Cluster", { skip: clusterSkip }, () => {
  // Buses of one namespace hear each other's pings: a test of silence needs a namespace of its own.
  const namespace = testNamespace("cluster-bus:");
  const buses: RedisBus[] = [];
  const open = (options: RedisBusOptions = {}, ns = namespace) => {
    const bus = redisBus({ cluster: CLUSTER_NODES ?? [] }, { namespace: ns, ...options });
    buses.push(bus);
    return bus;
  };
  after(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
  });

  it("is connected by its pings, delivers invalidations, never pings", async () => {
    const a = open({ heartbeatMs: 100 });
    const b = open({ heartbeatMs: 100 });
    const got: InvalidationMessage[] = [];
    b.subscribe((m) => got.push(m));
    await Promise.all([a.listening(), b.listening()]);
    assert.equal(b.state, "connected");
    await a.publish({ origin: "a", layer: "server", cache: "notes", target: "note:1", isPattern: false });
    await eventually(() => got.length === 1, 2000);
    await sleep(400);
    assert.deepEqual(
      got.map((m) => m.target),
      ["note:1"],
    );
  });

  it("after a silence, subscribes again on a fresh cluster connection and is heard (connected)", async () => {
    // Pings rarer than the liveness bound: each gap is a silence, and the ping sent once the fresh
    // connection (about 250 ms to connect to a cluster here) has subscribed is its recovery.
    const bus = open({ heartbeatMs: 1500, livenessMs: 1000 }, testNamespace("cluster-bus-alone:"));
    const states: BusState[] = [];
    let reconnects = 0;
    bus.onState((state) => states.push(state));
    bus.subscribe(
      () => {},
      () => reconnects++,
    );
    await bus.listening();
    await eventually(() => states.filter((s) => s === "connected").length >= 2, 8000);
    assert.ok(states.includes("silent"), states.join(" → "));
    assert.ok(reconnects >= 1);
  });
});
