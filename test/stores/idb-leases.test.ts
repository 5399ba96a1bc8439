// G1 "no fill outlives a later write" across browser tabs: tabs of one origin share the IndexedDB
// databases of `idbStore(name)`. Two idbStores on the same name over one fake-indexeddb stand for two
// tabs; each has its own layer. Tab A's slow load starts before tab B's set or invalidate of the key,
// and A's value must not be stored over B's write.
import "fake-indexeddb/auto";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer, defineManifest } from "../../src/index.js";
import { idbStore, type IdbStore } from "../../src/index.node.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: { notes: { primary: "client", owns: ["note:*"], ttl: "1h" } },
});

let counter = 0;
const run = Math.random().toString(36).slice(2, 8);

/** What both tabs load from (a server, say); while `holding`, a load waits for `release()` and answers what was there when it started. */
function backend() {
  const rows = new Map<string, unknown>();
  const waiting: Array<() => void> = [];
  const state = { holding: true, started: 0 };
  const load = async (key: string) => {
    state.started++;
    const value = rows.get(key);
    if (state.holding) await new Promise<void>((go) => waiting.push(go));
    return value;
  };
  const release = () => {
    state.holding = false;
    waiting.splice(0).forEach((go) => go());
  };
  return { rows, state, load, release };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.ok(check(), "condition not reached");
};

/** Two tabs of one origin: two idbStores on one database name, each under its own layer. */
function twoTabs() {
  const name = `idb-lease-${run}-${++counter}`;
  const source = backend();
  const stores: IdbStore[] = [idbStore(name), idbStore(name)];
  const [a, b] = stores.map((store) => createLayer(app, "client", { store, sources: { notes: { load: source.load } } }));
  return {
    source,
    a: a!,
    b: b!,
    close: async () => {
      await a!.close();
      await b!.close();
      await stores[0]!.destroy();
      await stores[1]!.close?.();
    },
  };
}

describe("no fill outlives a later write across tabs (idbStore)", () => {
  it("tab B's set during tab A's slow load: afterwards both tabs read B's value", async () => {
    const { source, a, b, close } = twoTabs();
    try {
      source.rows.set("note:1", "v1");
      const reading = a.own("notes").get("note:1");
      await until(() => source.state.started === 1);
      source.rows.set("note:1", "v2");
      await b.own("notes").set("note:1", "v2");
      source.release();
      assert.equal(await reading, "v1", "A's read gets what it loaded");
      assert.equal(await a.own("notes").get("note:1"), "v2");
      assert.equal(await b.own("notes").get("note:1"), "v2");
      assert.equal(source.state.started, 1, "B's value was stored and read, not loaded again");
    } finally {
      await close();
    }
  });

  it("tab B's invalidate during tab A's slow load: afterwards both tabs read the new value", async () => {
    const { source, a, b, close } = twoTabs();
    try {
      source.rows.set("note:2", "v1");
      const reading = a.own("notes").get("note:2");
      await until(() => source.state.started === 1);
      source.rows.set("note:2", "v2");
      await b.own("notes").invalidate("note:2");
      source.release();
      assert.equal(await reading, "v1");
      assert.equal(await a.own("notes").get("note:2"), "v2", "A's old value was not stored: A loads again");
      assert.equal(await b.own("notes").get("note:2"), "v2");
    } finally {
      await close();
    }
  });

  it("two tabs missing one key load it once: the second waits for the first one's fill", async () => {
    const { source, a, b, close } = twoTabs();
    try {
      source.rows.set("note:3", "v1");
      const first = a.own("notes").get("note:3");
      await until(() => source.state.started === 1);
      const second = b.own("notes").get("note:3"); // finds A's lease: waits
      await new Promise((resolve) => setTimeout(resolve, 30));
      source.release();
      assert.deepEqual([await first, await second], ["v1", "v1"]);
      assert.equal(source.state.started, 1);
    } finally {
      await close();
    }
  });
});
