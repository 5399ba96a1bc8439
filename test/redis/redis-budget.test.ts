// A Redis cache with maxSize on real Redis: one budget kept by Lua scripts next to the entries, shared
// by every process, at the cost of one script call per hit and per write (and still one plain GET per
// hit for a cache without maxSize). The store contract (contract.test.ts) covers LRU order, refusal
// and bytes on standalone, tiered and Cluster; these are the Redis-only parts.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createClient, createCluster } from "@redis/client";
import { redisStore, type RedisStore, manualClock } from "../../src/index.node.js";
import { entryBytes } from "../../src/runtime/stores/entry-bytes.js";
import { spawnWorker, type Worker } from "../helpers/processes.js";
import type { StoredEntry } from "../../src/index.node.js";
import { CLUSTER_NODES, deleteNamespace, rawClient, REDIS_URL, testNamespace } from "./support.js";

const entry = (value: unknown): StoredEntry => ({ value, storedAt: 1 });
const text = (i: number): string => `${"v".repeat(300)}${i}`;
const ONE = entryBytes("k:1", entry(text(1)));

// A real node-redis client behind a proxy that records the commands the store sends through it.
function recordingClient() {
  const client = createClient({ url: REDIS_URL, disableOfflineQueue: true });
  const sent: string[] = [];
  const commands = new Set(["get", "mGet", "set", "del", "unlink", "eval", "evalSha", "scan"]);
  const proxy: typeof client = new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (typeof property === "string" && commands.has(property)) {
        return (...args: unknown[]) => {
          sent.push(property);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { client, proxy, sent };
}

describe("redisStore with maxSize", () => {
  const namespace = testNamespace("budget:");
  let store: RedisStore;
  let raw: Awaited<ReturnType<typeof rawClient>>;
  before(async () => {
    store = redisStore(REDIS_URL, { namespace, layer: "server" });
    raw = await rawClient();
  });
  after(async () => {
    await store.close();
    await deleteNamespace(namespace);
    raw.destroy();
  });

  it("keeps the entries under '<namespace>::{<cache>}::<key>' and counts each at the client's entryBytes, not its length in Redis", async () => {
    const p = store.partition("sized", { maxSize: 100_000 });
    const value = { name: "Ada", tags: ["a", "b"], at: new Date(0) };
    await p.set("user:1", entry(value));
    assert.equal(await raw.exists(`${namespace}::{sized}::user:1`), 1);
    assert.equal(await raw.exists(`${namespace}::sized::user:1`), 0);
    const counted = Number(await raw.hGet(`${namespace}::{sized}~sizes`, "user:1"));
    assert.equal(counted, entryBytes("user:1", entry(value)));
    assert.notEqual(counted, await raw.strLen(`${namespace}::{sized}::user:1`));
    assert.equal(Number(await raw.hGet(`${namespace}::{sized}~sum`, "bytes")), counted);
  });

  it("costs one plain GET per hit, with maxSize or without, and one script call per write, which carries the hits' recency", async () => {
    const { client, proxy, sent } = recordingClient();
    const recorded = redisStore(proxy, { namespace });
    try {
      const plain = recorded.partition("plain_cost", {});
      const sized = recorded.partition("sized_cost", { maxSize: 100_000 });
      await recorded.ready;
      // Once first: Redis may not know the script yet (NOSCRIPT, then EVAL), once per script and server.
      await sized.set("warm", entry(1));
      sent.splice(0);
      await plain.set("k", entry(1));
      await sized.set("k", entry(1));
      assert.deepEqual(sent.splice(0), ["evalSha", "evalSha"], "a write is one script call, with or without a budget");
      assert.equal((await plain.get("k"))?.value, 1);
      assert.equal((await sized.get("k"))?.value, 1);
      assert.deepEqual(sent.splice(0), ["get", "get"], "a hit is one plain GET, with or without a budget");
      await sized.getMany(["warm", "missing"]);
      assert.deepEqual(sent.splice(0), ["mGet"], "getMany with maxSize is one MGET");
      const used = `${namespace}::{sized_cost}~used`;
      assert.deepEqual(await raw.zRange(used, 0, -1), ["warm", "k"], "the hits' recency waits for the next write");
      await sized.set("j", entry(1));
      assert.deepEqual(sent.splice(0), ["evalSha"], "and goes with it");
      assert.deepEqual(await raw.zRange(used, 0, -1), ["k", "warm", "j"]);
    } finally {
      await recorded.close();
      client.destroy();
    }
  });

  it("keeps one budget for every process: an eviction caused by one process's write is reported to that process only", async () => {
    const other = redisStore(REDIS_URL, { namespace, layer: "server" });
    try {
      const mine: string[] = [];
      const theirs: string[] = [];
      const budget = 3 * ONE + Math.floor(ONE / 2);
      const a = store.partition("shared_budget", { maxSize: budget, onEvict: (key) => mine.push(key) });
      const b = other.partition("shared_budget", { maxSize: budget, onEvict: (key) => theirs.push(key) });
      for (const i of [1, 2, 3]) await a.set(`k:${i}`, entry(text(i)));
      await b.set("k:4", entry(text(4)));
      assert.deepEqual(theirs, ["k:1"]);
      assert.deepEqual(mine, []);
      assert.equal(b.bytes?.(), 3 * ONE, "the other process sees the one total");
      assert.equal(await a.get("k:1"), undefined);
    } finally {
      await other.close();
    }
  });

  it("stops counting an entry once Redis has expired it", async () => {
    const p = store.partition("expiring", { maxSize: 100_000 });
    await p.set("short", entry(text(1)), 40);
    await p.set("long", entry(text(2)));
    assert.equal(p.bytes?.(), 2 * ONE);
    await new Promise((resolve) => setTimeout(resolve, 120));
    await p.set("other", entry(text(3)));
    assert.equal(p.bytes?.(), 2 * ONE, "the expired entry no longer counts");
    assert.equal(await raw.hExists(`${namespace}::{expiring}~sizes`, "short"), 0);
    assert.equal(await raw.zScore(`${namespace}::{expiring}~used`, "short"), null);
  });

  it("sends the recency of hits (its own, or a tiered store's local ones) with the next write, or on its own within a second on the store's clock", async () => {
    const clock = manualClock(Date.now());
    const timed = redisStore(REDIS_URL, { namespace, clock });
    try {
      const p = timed.partition("touched", { maxSize: 100_000 });
      for (const i of [1, 2]) await p.set(`k:${i}`, entry(text(i)));
      const used = `${namespace}::{touched}~used`;
      assert.deepEqual(await raw.zRange(used, 0, -1), ["k:1", "k:2"]);
      assert.equal((await p.get("k:1"))?.value, text(1));
      assert.deepEqual(await raw.zRange(used, 0, -1), ["k:1", "k:2"], "not sent yet");
      clock.advance(1000);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the flush's round trip
      assert.deepEqual(await raw.zRange(used, 0, -1), ["k:2", "k:1"]);
      p.touch?.("k:2");
      await p.set("k:3", entry(text(3)));
      assert.deepEqual(await raw.zRange(used, 0, -1), ["k:1", "k:2", "k:3"], "carried by the write, before it");
    } finally {
      await timed.close();
    }
  });

  it("counts a stream chunk at its byteLength and reports an evicted chunk with its bytes", async () => {
    const evicted: [string, unknown][] = [];
    const chunk = (fill: number) => entry(new Uint8Array(1000).fill(fill));
    const size = entryBytes("v:0", chunk(0));
    assert.equal(size, 1000 + 24 + 120);
    const p = store.partition("chunks", { binary: true, maxSize: 2 * size + 10, onEvict: (key, old) => evicted.push([key, old.value]) });
    for (const i of [0, 1, 2]) await p.set(`v:${i}`, chunk(i));
    assert.deepEqual(evicted, [["v:0", new Uint8Array(1000).fill(0)]]);
    assert.equal(p.bytes?.(), 2 * size);
  });

  it("refuses a cache name with braces for a cache with maxSize (the name is its Cluster hash tag)", () => {
    assert.throws(() => store.partition("a{b}", { maxSize: 1000 }), /contains '\{' or '\}'/);
    assert.doesNotThrow(() => store.partition("a{b}", {}));
  });
});

describe("several processes writing into one Redis budget at once", () => {
  const workers: Worker[] = [];
  const namespaces: string[] = [];
  after(async () => {
    for (const worker of workers) worker.kill("SIGKILL");
    await Promise.all(workers.map((worker) => worker.exited));
    for (const ns of namespaces) await deleteNamespace(ns);
  });

  const targets: [string, Record<string, string>, string | undefined][] = [["one Redis", {}, undefined]];
  if (CLUSTER_NODES && CLUSTER_NODES.length > 0) targets.push(["a Redis Cluster", { CLUSTER: "1" }, CLUSTER_NODES.join(",")]);
  for (const [where, env, clusterNodes] of targets) {
    it(`3 processes × 150 writes on ${where}: the budget holds, the count matches what is stored, and every eviction is reported once`, async () => {
      const namespace = testNamespace("budget-mp:");
      namespaces.push(namespace);
      const perEntry = entryBytes("p0:100", entry("x".repeat(200)));
      const maxSize = 40 * perEntry;
      const group = [0, 1, 2].map((n) => {
        const worker = spawnWorker("test/redis/workers/budget-writer.ts", {
          ...env,
          REDIS_URL,
          NAMESPACE: namespace,
          CACHE: "budgeted",
          MAX_SIZE: String(maxSize),
          COUNT: "150",
          LABEL: `p${n}`,
        });
        workers.push(worker);
        return worker;
      });
      await Promise.all(group.map((w) => w.next((m) => m.ready === true, 60_000)));
      for (const w of group) w.send({ go: true });
      const reports = await Promise.all(group.map((w) => w.next((m) => m.done === true, 120_000)));
      for (const report of reports) assert.equal(report.failed, 0);
      const evicted = reports.flatMap((report) => report.evicted as string[]);

      const store = redisStore(clusterNodes ? { cluster: clusterNodes.split(",") } : REDIS_URL, { namespace });
      try {
        await store.ready;
        const p = store.partition("budgeted", { maxSize });
        const held: string[] = [];
        for await (const key of p.keys()) held.push(key);
        const reader =
          clusterNodes ? createCluster({ rootNodes: clusterNodes.split(",").map((node) => ({ url: `redis://${node}` })) }) : createClient({ url: REDIS_URL });
        await reader.connect();
        const counted = new Map(Object.entries(await reader.hGetAll(`${namespace}::{budgeted}~sizes`)).map(([key, bytes]) => [key, Number(bytes)]));
        const total = Number(await reader.hGet(`${namespace}::{budgeted}~sum`, "bytes"));
        reader.destroy();
        assert.ok(total <= maxSize, `total ${total} within ${maxSize}`);
        assert.equal(
          total,
          [...counted.values()].reduce((a, b) => a + b, 0),
          "the total is the sum of the counted entries",
        );
        assert.deepEqual([...counted.keys()].sort(), [...held].sort(), "exactly the stored entries are counted");
        assert.equal(held.length, 40, "the budget is full, not over");
        assert.equal(evicted.length, 450 - held.length, "each entry that left was reported once");
        assert.equal(new Set(evicted).size, evicted.length);
        assert.ok(evicted.every((line) => line.endsWith(":size")));
      } finally {
        await store.close();
      }
    });
  }
});
