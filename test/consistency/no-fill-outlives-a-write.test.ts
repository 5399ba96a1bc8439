// G1 "no fill outlives a later write" and G2 "read your writes", in one process: a load that started
// before a set, delete, invalidate or atomicUpdate of its key gives its reader the value it loaded, but
// never stores it over the write. Each case holds the source's answer until the write is done.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer, defineManifest, memoryBus, memoryStore, type CacheStore } from "../../src/index.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    data: { primary: "server", owns: ["data:*"], ttl: "1h" },
    counters: { primary: "server", owns: ["count:*"], exclusive: true },
    popular: { primary: "server", owns: ["popular:*"], warm: { prefetch: ["popular:*"] } },
    videos: { primary: "server", owns: ["video:*"], streaming: true, chunkSize: "4B" },
  },
});

/** A source whose loads wait until released, answering what the "database" holds when they started. */
function slowSource() {
  const db = new Map<string, unknown>();
  const waiting: Array<() => void> = [];
  let started = 0;
  return {
    db,
    get started() {
      return started;
    },
    release: () => waiting.splice(0).forEach((go) => go()),
    load: async (key: string) => {
      started++;
      const value = db.get(key); // read at the start, as a database read would
      await new Promise<void>((go) => waiting.push(go));
      return value;
    },
    keys: async function* (pattern: string) {
      const prefix = pattern.slice(0, -1);
      for (const key of db.keys()) if (key.startsWith(prefix)) yield key;
    },
  };
}

/** A store as processes sharing it see it (Redis): another process's message leaves the one copy alone. */
function shared(inner: CacheStore): CacheStore {
  return {
    kind: inner.kind,
    partition: (cache, options) => ({ ...bind(inner.partition(cache, options)), forgetLocal() {}, forgetLocalPattern() {} }),
  };
}

function bind<T extends object>(object: T): T {
  const bound: Record<string, unknown> = {};
  for (let proto: object | null = object; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const member = (object as Record<string, unknown>)[name];
      if (name !== "constructor" && typeof member === "function" && !(name in bound)) bound[name] = member.bind(object);
    }
  }
  return bound as T;
}

/** The source of the warm cache, for the cases that do not warm. */
const nothing = { load: async () => undefined, keys: async function* (): AsyncGenerator<string> {} };

const until = async (check: () => boolean) => {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.ok(check(), "condition not reached");
};

describe("no fill outlives a later write (one process)", () => {
  it("invalidate during a load: the reader gets the old value, the next get loads again", async () => {
    const source = slowSource();
    const server = createLayer(app, "server", { sources: { data: source, popular: nothing } });
    const data = server.own("data");
    source.db.set("data:1", { v: 3 });
    const reading = data.get("data:1");
    await until(() => source.started === 1);
    source.db.set("data:1", { v: 4 });
    await server.invalidate("data:1");
    source.release();
    assert.deepEqual(await reading, { v: 3 }, "the read that started first gets what it loaded");
    const next = data.get("data:1");
    await until(() => source.started === 2);
    source.release();
    assert.deepEqual(await next, { v: 4 }, "the old value was not stored");
  });

  it("set during a load: the next get returns the set value, not the loaded one", async () => {
    const source = slowSource();
    const server = createLayer(app, "server", { sources: { data: source, popular: nothing } });
    const data = server.own("data");
    source.db.set("data:2", { v: 3 });
    const reading = data.get("data:2");
    await until(() => source.started === 1);
    await data.set("data:2", { v: 4 });
    source.release();
    assert.deepEqual(await reading, { v: 3 });
    assert.deepEqual(await data.get("data:2"), { v: 4 });
  });

  it("a get after set resolved never joins a load that started before the set (read your writes)", async () => {
    const source = slowSource();
    const server = createLayer(app, "server", { sources: { data: source, popular: nothing } });
    const data = server.own("data");
    source.db.set("data:3", { v: 1 });
    const first = data.get("data:3");
    await until(() => source.started === 1);
    await data.set("data:3", { v: 2 });
    await data.delete("data:3"); // now a read must load again, and must not get the load of before the writes
    source.db.set("data:3", { v: 5 });
    const second = data.get("data:3");
    await until(() => source.started === 2);
    source.release();
    assert.deepEqual([await first, await second], [{ v: 1 }, { v: 5 }]);
  });

  it("a pattern invalidation supersedes every load in flight of a key it matches", async () => {
    const source = slowSource();
    const server = createLayer(app, "server", { sources: { data: source, popular: nothing } });
    const data = server.own("data");
    source.db.set("data:a", 1).set("data:b", 1);
    const reads = [data.get("data:a"), data.get("data:b")];
    await until(() => source.started === 2);
    source.db.set("data:a", 2).set("data:b", 2);
    await data.invalidate("data:*");
    source.release();
    assert.deepEqual(await Promise.all(reads), [1, 1]);
    const again = [data.get("data:a"), data.get("data:b")];
    await until(() => source.started === 4);
    source.release();
    assert.deepEqual(await Promise.all(again), [2, 2]);
  });

  it("getOrSet: a factory result is not stored over a set made while it ran", async () => {
    const server = createLayer(app, "server", { sources: { popular: nothing } });
    const data = server.own("data");
    let finish!: () => void;
    const filling = data.getOrSet("data:4", () => new Promise((resolve) => (finish = () => resolve("factory"))));
    await until(() => finish !== undefined);
    await data.set("data:4", "written");
    finish();
    assert.equal(await filling, "factory");
    assert.equal(await data.get("data:4"), "written");
  });

  it("warm-up: a prefetched value is not stored over a write made while it loaded", async () => {
    const source = slowSource();
    const server = createLayer(app, "server", { sources: { popular: source } });
    source.db.set("popular:1", "old");
    const warming = server.warm();
    await until(() => source.started === 1);
    await server.own("popular").set("popular:1", "new");
    source.release();
    assert.equal((await warming).ok, true);
    assert.equal(await server.own("popular").get("popular:1"), "new");
  });

  it("a streamed load is not stored over a putStream made while it loaded", async () => {
    const source = slowSource();
    const server = createLayer(app, "server", { sources: { videos: source, popular: nothing } });
    const videos = server.own("videos");
    source.db.set("video:1", new Uint8Array([1, 1, 1, 1]));
    const drain = async () => {
      const bytes: number[] = [];
      for await (const chunk of videos.stream("video:1")) bytes.push(...chunk);
      return bytes;
    };
    const reading = drain().catch((error: unknown) => error);
    await until(() => source.started === 1);
    await videos.putStream("video:1", [new Uint8Array([2, 2, 2, 2])]);
    source.release();
    await reading;
    assert.deepEqual(await drain(), [2, 2, 2, 2]);
  });

  it("across two processes sharing a store: a message from the writer supersedes the other's load", async () => {
    const store = shared(memoryStore()); // one store both "processes" share, like a Redis
    const bus = memoryBus();
    const source = slowSource();
    const a = createLayer(app, "server", { store, bus, processId: "a", sources: { data: source, popular: nothing } });
    const b = createLayer(app, "server", { store, bus, processId: "b", sources: { data: source, popular: nothing } });
    source.db.set("data:5", { v: 3 });
    const reading = a.own("data").get("data:5");
    await until(() => source.started === 1);
    await b.own("data").set("data:5", { v: 4 });
    await new Promise((resolve) => setTimeout(resolve, 5)); // the bus delivers
    source.release();
    assert.deepEqual(await reading, { v: 3 });
    assert.deepEqual(await b.own("data").get("data:5"), { v: 4 }, "B reads its write");
    assert.deepEqual(await a.own("data").get("data:5"), { v: 4 }, "A did not store its older load");
  });
});
