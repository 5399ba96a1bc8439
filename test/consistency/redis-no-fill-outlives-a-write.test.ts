// G1 "no fill outlives a later write" across processes sharing Redis: two layers of one manifest, each
// with its own redisStore (its own connections, as two processes have) on one namespace. Layer A's
// slow load starts before layer B's set or invalidate of the key; the load's value must not be stored
// over B's write. Without a bus nothing tells A of B's write: only the lease in Redis can refuse A's
// fill. With a redisBus, A's load ends the moment B's write resolves — before the bus message can
// reach A — so again only the lease stands between A's fill and B's value.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createLayer, defineManifest, memoryStore, tieredStore, type CacheStore } from "../../src/index.js";
import { redisBus, redisStore, type RedisBus } from "../../src/redis.js";
import { CLUSTER_NODES, deleteClusterNamespace, deleteNamespace, REDIS_URL, testNamespace } from "../redis/support.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: { data: { primary: "server", owns: ["data:*"], ttl: "1h" } },
});

/** One database both layers load from; while `holding`, a load waits for `release()` and answers what the database held when it started. */
function database() {
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

type Backend = { readonly label: string; readonly open: (namespace: string) => CacheStore; readonly clean: (namespace: string) => Promise<void> };
const backends: Backend[] = [
  { label: "redisStore", open: (namespace) => redisStore(REDIS_URL, { namespace }), clean: deleteNamespace },
  { label: "tieredStore over redisStore", open: (namespace) => tieredStore(memoryStore(), redisStore(REDIS_URL, { namespace })), clean: deleteNamespace },
];
if (CLUSTER_NODES && CLUSTER_NODES.length > 0) {
  const cluster = CLUSTER_NODES;
  backends.push({
    label: "redisStore on a Redis Cluster",
    open: (namespace) => redisStore({ cluster }, { namespace }),
    clean: (namespace) => deleteClusterNamespace(namespace, cluster),
  });
}

for (const backend of backends) {
  for (const withBus of [false, true]) {
    describe(`no fill outlives a later write across processes (${backend.label}, ${withBus ? "with a redisBus" : "no bus"})`, () => {
      const namespace = testNamespace("g1:");
      const closers: Array<() => Promise<void>> = [];
      after(async () => {
        for (const close of closers.splice(0)) await close();
        await backend.clean(namespace);
      });

      /** Two processes of the server layer on one Redis namespace, loading from one database. */
      async function twoProcesses() {
        const db = database();
        const open = async (processId: string) => {
          const store = backend.open(namespace);
          const bus: RedisBus | undefined = withBus ? redisBus(REDIS_URL, { namespace }) : undefined;
          await bus?.listening();
          const layer = createLayer(app, "server", { store, bus, processId, sources: { data: { load: db.load } } });
          closers.push(async () => {
            await layer.close();
            await bus?.close();
            await store.close?.();
          });
          return layer.own("data");
        };
        return { db, a: await open("a"), b: await open("b") };
      }

      it("B's set during A's slow load: afterwards A and B both read B's value", async () => {
        const { db, a, b } = await twoProcesses();
        db.rows.set("data:1", { v: 1 });
        const reading = a.get("data:1");
        await until(() => db.state.started === 1);
        db.rows.set("data:1", { v: 2 });
        await b.set("data:1", { v: 2 });
        db.release();
        assert.deepEqual(await reading, { v: 1 }, "A's read gets what it loaded");
        assert.deepEqual(await a.get("data:1"), { v: 2 });
        assert.deepEqual(await b.get("data:1"), { v: 2 });
        assert.equal(db.state.started, 1, "B's value was stored and read, not loaded again");
      });

      it("B's invalidate during A's slow load: afterwards A and B both read the new value", async () => {
        const { db, a, b } = await twoProcesses();
        db.rows.set("data:2", { v: 1 });
        const reading = a.get("data:2");
        await until(() => db.state.started === 1);
        db.rows.set("data:2", { v: 2 });
        await b.invalidate("data:2");
        db.release();
        assert.deepEqual(await reading, { v: 1 });
        assert.deepEqual(await a.get("data:2"), { v: 2 }, "A's old value was not stored: A loads again");
        assert.deepEqual(await b.get("data:2"), { v: 2 });
      });
    });
  }
}
