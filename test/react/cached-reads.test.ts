// What the hooks stand on, without a DOM: one shared read per key of a provider, re-read once per change
// heard — a write here, a drop of a pattern, a message from another process of the layer, a remote
// owner's event feed — and never overtaken by a read that started before the change.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createLayer, memoryBus, memoryStore, remoteLayer, serveLayer } from "../../src/index.js";
import { serveNode } from "../../src/node/index.js";
import { CachedReads } from "../../src/react/cached-reads.js";
import type { CachedRead } from "../../src/react/cached-read.js";
import type { CachedState } from "../../src/react/cached-state.js";
import { app, deferred, eventually, within, type Product, type User } from "./app.js";

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const ada: User = { name: "Ada", since: new Date("2020-01-01T00:00:00Z") };
const grace: User = { name: "Grace", since: new Date("2021-01-01T00:00:00Z") };

/** A client layer whose users come from `db`, counting each read through a handle (a hit or a miss) and each load. */
function clientLayer(db = new Map<string, User>(), options: { bus?: ReturnType<typeof memoryBus>; processId?: string } = {}) {
  const counts = { loads: new Map<string, number>(), hits: new Map<string, number>(), misses: new Map<string, number>() };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const client = createLayer(app, "client", {
    store: memoryStore(),
    bus: options.bus,
    processId: options.processId,
    sources: { user_data: { load: async (key) => db.get(key) } },
  });
  client.on("load", ({ key }) => bump(counts.loads, key));
  client.on("hit", ({ key }) => bump(counts.hits, key));
  client.on("miss", ({ key }) => bump(counts.misses, key));
  const reads = (key: string) => (counts.hits.get(key) ?? 0) + (counts.misses.get(key) ?? 0);
  return { client, db, counts, reads };
}

/** Subscribes like a mounted component, keeping every snapshot it was told of. */
function mount(read: CachedRead) {
  const seen: CachedState<unknown>[] = [];
  const unmount = read.subscribe(() => seen.push(read.getSnapshot()));
  return { seen, unmount, now: () => read.getSnapshot() };
}

describe("one shared read per key, kept current", () => {
  it("five components showing 'user:1' share one read: one load, no second read", async () => {
    const { client, counts, reads: readsOf } = clientLayer(new Map([["user:1", ada]]));
    const reads = new CachedReads(client);
    const users = client.own("user_data");
    const read = reads.read(users, "user:1", "useCached");
    const mounted = Array.from({ length: 5 }, () => mount(reads.read(users, "user:1", "useCached")));
    assert.ok(
      mounted.every(() => reads.read(users, "user:1", "useCached") === read),
      "every render finds the same read",
    );
    await eventually(() => read.getSnapshot().status === "success");
    assert.deepEqual(read.getSnapshot(), { status: "success", data: ada, error: undefined, isStale: false });
    assert.equal(counts.loads.get("user:1"), 1);
    assert.equal(readsOf("user:1"), 1, "one read through the handle for five components");
  });

  it("a write through the owned handle re-reads the key once, though the write is heard twice (set event and announcement)", async () => {
    const { client, reads: readsOf } = clientLayer(new Map([["user:1", ada]]));
    const reads = new CachedReads(client);
    const users = client.own("user_data");
    const shown = mount(reads.read(users, "user:1", "useCached"));
    await eventually(() => shown.now().status === "success");
    const before = readsOf("user:1");
    await users.set("user:1", grace);
    await eventually(() => (shown.now().data as User | undefined)?.name === "Grace");
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(readsOf("user:1") - before, 1, "one re-read per write");
    assert.deepEqual(shown.now(), { status: "success", data: grace, error: undefined, isStale: false });
  });

  it("while the new value is read the old one stays, marked stale", async () => {
    const { client } = clientLayer(new Map([["user:1", ada]]));
    const reads = new CachedReads(client);
    const users = client.own("user_data");
    const shown = mount(reads.read(users, "user:1", "useCached"));
    await eventually(() => shown.now().status === "success");
    await users.set("user:1", grace);
    await eventually(() => (shown.now().data as User | undefined)?.name === "Grace");
    const names = shown.seen.map((state) => `${state.status}:${(state.data as User | undefined)?.name}:${state.isStale}`);
    assert.deepEqual(names, ["success:Ada:false", "success:Ada:true", "success:Grace:false"]);
  });

  it("a pattern dropped re-reads every key it matches and no other", async () => {
    const db = new Map([
      ["user:1", ada],
      ["user:10", ada],
      ["user:2", ada],
    ]);
    const { client, reads: readsOf } = clientLayer(db);
    const reads = new CachedReads(client);
    const users = client.own("user_data");
    const shown = ["user:1", "user:10", "user:2"].map((key) => mount(reads.read(users, key, "useCached")));
    await eventually(() => shown.every((one) => one.now().status === "success"));
    db.set("user:1", grace).set("user:10", grace).set("user:2", grace);
    await client.invalidate("user:1*");
    await eventually(() => shown.slice(0, 2).every((one) => (one.now().data as User).name === "Grace"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((shown[2]!.now().data as User).name, "Ada", "'user:2' is not matched by 'user:1*'");
    assert.deepEqual(["user:1", "user:10", "user:2"].map(readsOf), [2, 2, 1]);
  });

  it("a read that a write overtook is never shown", async () => {
    const slow = deferred<User | undefined>();
    const client = createLayer(app, "client", { sources: { user_data: { load: () => slow.promise } } });
    const reads = new CachedReads(client);
    const users = client.own("user_data");
    const shown = mount(reads.read(users, "user:1", "useCached"));
    await users.set("user:1", grace);
    await eventually(() => shown.now().status === "success");
    slow.resolve(ada);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(
      shown.seen.map((state) => (state.data as User | undefined)?.name),
      ["Grace"],
      "the load that started before the write never lands",
    );
  });

  it("a message from another process of the layer (the bus) re-reads the key there", async () => {
    const bus = memoryBus();
    const db = new Map([["user:1", ada]]);
    const tabA = clientLayer(db, { bus, processId: "a" });
    const tabB = clientLayer(db, { bus, processId: "b" });
    const reads = new CachedReads(tabB.client);
    const shown = mount(reads.read(tabB.client.own("user_data"), "user:1", "useCached"));
    await eventually(() => shown.now().status === "success");
    db.set("user:1", grace);
    await tabA.client.own("user_data").set("user:1", grace);
    await eventually(() => (shown.now().data as User).name === "Grace");
  });

  it("a remote owner's event feed re-reads the borrowed key", async () => {
    const edge = createLayer(app, "edge");
    await edge.own("product_cache").set("products:1", { name: "lamp", price: 30 });
    const served = await serveNode(serveLayer(edge, { expose: ["product_cache"], heartbeatMs: 50 }));
    cleanups.push(() => served.close());
    const toEdge = remoteLayer(served.url, { layer: "edge" });
    cleanups.push(() => toEdge.close());
    const client = createLayer(app, "client", { remotes: { edge: toEdge } });
    const reads = new CachedReads(client, { edge: toEdge });
    const shown = mount(reads.read(client.borrow("product_cache"), "products:1", "useCached"));
    await eventually(() => shown.now().status === "success");
    await within(toEdge.subscribed(), 2000, "the edge's event feed is followed");
    await edge.own("product_cache").set("products:1", { name: "lamp", price: 25 });
    await eventually(() => (shown.now().data as Product).price === 25);
  });

  it("a read that started while no change was followed (a suspended render) is read again at the first subscribe", async () => {
    const { client, db } = clientLayer(new Map([["user:1", ada]]));
    const reads = new CachedReads(client);
    const users = client.own("user_data");
    const read = reads.read(users, "user:1", "useSuspenseCached");
    await read.load();
    assert.equal((read.getSnapshot().data as User).name, "Ada");
    db.set("user:1", grace);
    await users.set("user:1", grace); // unheard: nothing follows the layer yet
    assert.equal((read.getSnapshot().data as User).name, "Ada");
    const shown = mount(read);
    await eventually(() => (shown.now().data as User).name === "Grace");
  });

  it("a change to a key no component holds yet (a suspended render) forgets its read instead of reading for nobody", async () => {
    const { client, reads: readsOf } = clientLayer(new Map([["user:1", ada]]));
    const reads = new CachedReads(client);
    const stop = reads.follow(); // the provider, mounted
    const users = client.own("user_data");
    const read = reads.read(users, "user:1", "useSuspenseCached");
    await read.load();
    await users.set("user:1", grace);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(readsOf("user:1"), 1, "nothing read again for nobody");
    const next = reads.read(users, "user:1", "useSuspenseCached");
    assert.notEqual(next, read, "the render that comes next reads afresh");
    await next.load();
    assert.equal((next.getSnapshot().data as User).name, "Grace");
    stop();
  });

  it("changes are followed while a component holds a read, and the read is forgotten after the last one leaves", async () => {
    const { client } = clientLayer(new Map([["user:1", ada]]));
    const reads = new CachedReads(client);
    const users = client.own("user_data");
    const read = reads.read(users, "user:1", "useCached");
    const first = mount(read);
    assert.equal(reads.following, true);
    // StrictMode unmounts and mounts again in one go: a remote owner's event feed is not closed and reopened.
    first.unmount();
    assert.equal(reads.following, true, "still followed right after the unmount");
    const second = mount(read);
    await Promise.resolve();
    assert.equal(reads.following, true);
    assert.equal(reads.read(users, "user:1", "useCached"), read);
    second.unmount();
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(reads.following, false);
    assert.notEqual(reads.read(users, "user:1", "useCached"), read, "a later mount reads afresh");
  });

  it("a streaming cache's key fails with the text tsc gives the call", async () => {
    const client = createLayer(app, "client");
    const reads = new CachedReads(client);
    const shown = mount(reads.read(client.own("video_cache"), "video:1", "useCached"));
    await eventually(() => shown.now().status === "error");
    assert.equal((shown.now().error as Error).message, "✗ cannot getWithMeta from cache 'video_cache': it streams — use stream(key)");
  });

  it("something that is not a handle is refused, naming what to pass", () => {
    const client = createLayer(app, "client");
    const reads = new CachedReads(client);
    assert.throws(() => reads.read("user_data", "user:1", "useCached"), {
      name: "TypeError",
      message: "✗ useCached was given 'user_data', not a cache handle — pass layer.own(cache), layer.borrow(cache) or layer.follow(cache)",
    });
  });
});
