// G4 "bounded staleness" when the bus goes silent without closing: on a real Redis, a loopback proxy
// black-holes one layer's subscriber connection (open, delivering nothing) while another layer writes;
// the reader stops serving the old value within the liveness bound, its bus reports `silent` and, once
// the proxy forwards again, `connected`. The same transition played on memoryBus for layer tests.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createLayer, defineManifest, memoryBus, memoryStore, tieredStore } from "../../src/index.js";
import { redisBus, redisStore, type RedisBus } from "../../src/redis.js";
import type { BusState } from "../../src/index.node.js";
import { blackholeProxy, type BlackholeProxy } from "../redis/bus-blackhole-proxy.js";
import { deleteNamespace, eventually, REDIS_URL, testNamespace } from "../redis/support.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: { notes: { primary: "server", owns: ["note:*"] } },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("G4: a silent bus bounds staleness (real Redis, the subscriber behind a black-holing proxy)", () => {
  const namespace = testNamespace("g4:");
  const closers: Array<() => Promise<unknown>> = [];
  let proxy: BlackholeProxy;
  after(async () => {
    for (const close of closers.reverse()) await close();
    await deleteNamespace(namespace);
  });

  it("A stops serving the old value within 3 s of B's write, reports silent, and connected after the proxy recovers", async () => {
    const redis = new URL(REDIS_URL);
    proxy = await blackholeProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    closers.push(() => proxy.close());
    const open = (bus: RedisBus, processId: string) => {
      const store = tieredStore(memoryStore(), redisStore(REDIS_URL, { namespace }));
      const layer = createLayer(app, "server", { store, bus, processId });
      closers.push(
        () => bus.close(),
        () => store.close(),
        async () => layer.close(),
      );
      return { store, notes: layer.own("notes") };
    };
    // A publishes directly and hears through the proxy; B is healthy.
    const busA = redisBus(REDIS_URL, { namespace, subscriber: proxy.url });
    const busB = redisBus(REDIS_URL, { namespace });
    const a = open(busA, "a");
    const b = open(busB, "b");
    await Promise.all([busA.listening(), busB.listening()]);
    assert.equal(busA.state, "connected");
    const states: Array<{ state: BusState; at: number }> = [];
    busA.onState((state) => states.push({ state, at: Date.now() }));

    await b.notes.set("note:1", { v: 1 });
    // B's invalidation of its own write may reach A after A's first read: read until A keeps the copy.
    const localA = a.store.partition("notes", {}).local;
    await eventually(async () => (await a.notes.get("note:1")) !== undefined && localA.get("note:1") !== undefined, 2000);
    assert.deepEqual(await a.notes.get("note:1"), { v: 1 });

    proxy.blackhole();
    const blackholedAt = Date.now();
    await b.notes.set("note:1", { v: 2 });
    const wroteAt = Date.now();
    let lastStaleAt: number | undefined;
    let staleReads = 0;
    while (Date.now() < wroteAt + 4000) {
      const value = (await a.notes.get("note:1")) as { v: number };
      if (value.v === 1) {
        staleReads++;
        lastStaleAt = Date.now();
      }
      await sleep(5);
    }
    const silentAt = states.find((s) => s.state === "silent")?.at;
    const staleMs = lastStaleAt === undefined ? 0 : lastStaleAt - wroteAt;
    console.log(
      `black hole: last stale read ${staleMs} ms after B's write (${staleReads} stale reads), silent ${silentAt === undefined ? "never" : `${silentAt - blackholedAt} ms`} after the black hole began`,
    );
    assert.ok(silentAt !== undefined, "the bus reported silent");
    assert.ok(staleMs <= 3000, `A served the old value ${staleMs} ms after the write`);

    proxy.recover();
    const recoveredAt = Date.now();
    await eventually(() => busA.state === "connected", 10_000);
    console.log(`recovery: connected ${Date.now() - recoveredAt} ms after the proxy forwarded again (states: ${states.map((s) => s.state).join(" → ")})`);

    // Messages flow again: A keeps a copy, and B's next write drops it.
    await eventually(async () => (await a.notes.get("note:1")) !== undefined && localA.get("note:1") !== undefined, 2000);
    await b.notes.set("note:1", { v: 3 });
    await eventually(async () => ((await a.notes.get("note:1")) as { v: number }).v === 3, 1000);
  });
});

describe("G4 on memoryBus: a silent bus played in one process", () => {
  const shared = memoryStore();
  const bus = memoryBus();
  const storeA = tieredStore(memoryStore(), shared);
  const a = createLayer(app, "server", { store: storeA, bus, processId: "a" }).own("notes");
  const b = createLayer(app, "server", { store: tieredStore(memoryStore(), shared), bus, processId: "b" }).own("notes");
  const localA = () => storeA.partition("notes", {}).local;

  it("silent: A drops its memory tier and B's invalidations are lost; connected: they reach A again", async () => {
    await b.set("note:1", { v: 1 });
    assert.deepEqual(await a.get("note:1"), { v: 1 });
    assert.ok(localA().get("note:1") !== undefined);
    const seen: BusState[] = [];
    const stop = bus.onState((state) => seen.push(state));
    bus.setState("silent");
    assert.equal(bus.state, "silent");
    await sleep(0);
    assert.equal(localA().get("note:1"), undefined, "A dropped its copy");
    const before = bus.published.length;
    await b.set("note:1", { v: 2 });
    assert.equal(bus.published.length, before + 1, "B still publishes");
    assert.deepEqual(await a.get("note:1"), { v: 2 }, "A reads the shared tier");
    bus.setState("connected");
    stop();
    assert.deepEqual(seen, ["silent", "connected"]);
    assert.deepEqual(await a.get("note:1"), { v: 2 });
    await b.set("note:1", { v: 3 });
    await sleep(0);
    assert.deepEqual(await a.get("note:1"), { v: 3 }, "B's invalidation reached A");
  });

  const suspends = typeof (storeA as { suspendLocal?: unknown }).suspendLocal === "function";
  it(
    "keeps no in-process copy while silent, so a write lost meanwhile is not served",
    { todo: suspends ? false : "tieredStore.suspendLocal is not in this branch yet" },
    async () => {
      bus.setState("silent");
      try {
        assert.deepEqual(await a.get("note:1"), { v: 3 });
        await b.set("note:1", { v: 4 }); // lost
        assert.deepEqual(await a.get("note:1"), { v: 4 });
      } finally {
        bus.setState("connected");
      }
    },
  );
});
