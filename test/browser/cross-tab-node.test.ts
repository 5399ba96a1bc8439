import "fake-indexeddb/auto";
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { broadcastBus, createLayer, idbStore, manualClock, type InvalidationMessage, type RouteInvalidation } from "../../src/index.js";
import { app, eventually, type User } from "../react/app.js";

// Tabs of one origin, played in one Node process: each "tab" is a client layer with its own idbStore
// over the one (fake) IndexedDB they share, and its own broadcastBus over Node's BroadcastChannel,
// which delivers between instances of one name as a browser does between tabs. The same story in two
// real Chromium tabs, rendered by React: test/browser/react-tabs.test.ts.

const closers: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

const ada: User = { name: "Ada", since: new Date("2020-01-01T00:00:00Z") };
const grace: User = { name: "Grace", since: new Date("2021-01-01T00:00:00Z") };
const message: InvalidationMessage = { origin: "tab-a", layer: "client", cache: "user_data", target: "user:1", isPattern: false };

function bus(name: string) {
  const made = broadcastBus(name);
  closers.push(() => made.close!());
  return made;
}

/** A tab: a client layer on the shared IndexedDB (`db`) and the channel `channel`. */
function tab(db: string, channel: string, options: { clock?: ReturnType<typeof manualClock> } = {}) {
  const client = createLayer(app, "client", { store: idbStore(db, { clock: options.clock }), bus: bus(channel), clock: options.clock });
  closers.push(() => client.close());
  const heard: RouteInvalidation[] = [];
  client.onInvalidate((invalidation) => heard.push(invalidation));
  return { client, users: client.own("user_data"), heard };
}

describe("broadcastBus: invalidations between the tabs of one origin", () => {
  it("a message reaches every other bus of the same name with its key and origin only, never a value", async () => {
    const [a, b, other] = [bus("shop"), bus("shop"), bus("other-shop")];
    const atB: InvalidationMessage[] = [];
    const atOther: InvalidationMessage[] = [];
    b.subscribe((received) => atB.push(received));
    other.subscribe((received) => atOther.push(received));
    await a.publish({ ...message, value: ada } as InvalidationMessage);
    await eventually(() => atB.length === 1);
    assert.deepEqual(atB, [message]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(atOther, [], "another name is another channel");
  });

  it("layers of one tab sharing the bus hear each other too, as on memoryBus", async () => {
    const shared = bus("one-tab");
    const heard: InvalidationMessage[] = [];
    shared.subscribe((received) => heard.push(received));
    await shared.publish(message);
    assert.deepEqual(heard, [message]);
  });

  it("what another script of the origin posts on the channel is ignored unless it is an invalidation", async () => {
    const b = bus("posted");
    const heard: InvalidationMessage[] = [];
    b.subscribe((received) => heard.push(received));
    const raw = new BroadcastChannel("borrowcache:posted");
    try {
      raw.postMessage("drop everything");
      raw.postMessage({ ...message, isPattern: "no" });
      raw.postMessage(message);
      await eventually(() => heard.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(heard, [message]);
    } finally {
      raw.close();
    }
  });

  it("a closed bus hears nothing more", async () => {
    const [a, b] = [bus("closing"), broadcastBus("closing")];
    const heard: InvalidationMessage[] = [];
    b.subscribe((received) => heard.push(received));
    await b.close!();
    await a.publish(message);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(heard, []);
  });
});

describe("two tabs on one IndexedDB", () => {
  it("a write in tab A reaches tab B, and every tab then reads the value A stored (B deletes nothing shared)", async () => {
    const a = tab("tabs-write", "tabs-write");
    const b = tab("tabs-write", "tabs-write");
    await a.users.set("user:1", ada);
    assert.deepEqual(await b.users.get("user:1"), ada);
    await a.users.set("user:1", grace);
    await eventually(() => b.heard.some((heard) => heard.target === "user:1"));
    assert.deepEqual(b.heard.at(-1), { cache: "user_data", target: "user:1", isPattern: false });
    assert.deepEqual(await b.users.get("user:1"), grace, "tab B shows the new value");
    assert.deepEqual(await a.users.get("user:1"), grace, "the writer's entry is still there");
    const reloaded = tab("tabs-write", "tabs-write");
    assert.deepEqual(await reloaded.users.get("user:1"), grace, "a tab opened later (a reload) reads it too");
  });

  it("a pattern dropped in tab A leaves what it does not match, in every tab", async () => {
    const a = tab("tabs-pattern", "tabs-pattern");
    const b = tab("tabs-pattern", "tabs-pattern");
    await a.users.set("user:1", ada);
    await a.users.set("user:2", grace);
    await a.users.invalidate("user:1*");
    await eventually(() => b.heard.some((heard) => heard.isPattern && heard.target === "user:1*"));
    assert.equal(await b.users.get("user:1"), undefined);
    assert.deepEqual(await b.users.get("user:2"), grace);
  });

  it("tab B does not drop as expired an entry tab A wrote again: its expiry times are read again after the message", async () => {
    const clock = manualClock();
    const a = tab("tabs-expiry", "tabs-expiry", { clock });
    const b = tab("tabs-expiry", "tabs-expiry", { clock });
    await a.users.set("user:1", ada, { ttl: 60_000 });
    assert.deepEqual(await b.users.get("user:1"), ada, "tab B has read it, and knows it expires in a minute");
    clock.advance(50_000);
    await a.users.set("user:1", grace, { ttl: 60_000 });
    await eventually(() => b.heard.some((heard) => heard.target === "user:1"));
    clock.advance(20_000); // past the first write's expiry, within the second's
    assert.deepEqual(await b.users.get("user:1"), grace);
    assert.deepEqual(await a.users.get("user:1"), grace);
  });
});
