/**
 * What a cache's `maxSize` costs on Redis (one budget kept by Lua scripts, see redis-budget.ts), against
 * a raw node-redis GET + JSON.parse and a raw SET of the same 1 KB JSON entry, sequential and with 64
 * in flight. Hits: a cache without maxSize (one GET), with maxSize (one GET too: the keys it found go
 * as recency with the next write), and through a layer. Writes: without maxSize (the guarded SET script), with maxSize and
 * room, and with maxSize full (every write evicts the least recently used entry).
 *
 *   node --import tsx bench/redis/budget-cost.ts [rounds]
 */
import { createClient } from "@redis/client";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { redisStore } from "../../src/runtime/redis/redis-store.js";
import { runGroup, table, ratio, type GroupResult } from "./harness.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const rounds = Number(process.argv[2] ?? 5);
const namespace = `borrowcache-test:bench-budget-${process.pid}`;
const app = Object.freeze({
  layers: ["client", "edge", "server"],
  caches: { sized: { primary: "server", owns: ["sized:*"], maxSize: "50MB" } },
} as const);

const value = { id: 1, name: "x".repeat(900), tags: ["a", "b", "c"], n: 42, ok: true };
const entry = { value, storedAt: Date.now() };
const store = redisStore(url, { namespace, layer: "server" });
const layer = createLayerRuntime(app, "server", { store });
const owned = layer.own("sized");
await owned.set("sized:1", value);
const plain = store.partition("plain", {});
const sized = store.partition("sized", { maxSize: 50 * 1024 * 1024 });
// Room for 200 entries; writes cycle over 400 keys, so once full every write evicts one.
const full = store.partition("full", { maxSize: 200 * 1300 });
await plain.set("data:1", entry);
await sized.set("sized:1", entry);
const raw = createClient({ url, disableOfflineQueue: true });
raw.on("error", () => {});
await raw.connect();
const plainKey = `${namespace}::plain::data:1`;
const text = (await raw.get(plainKey))!;
console.log(`stored entry: ${text.length} bytes`);
let n = 0;
for (let i = 0; i < 400; i++) await full.set(`k:${i}`, entry);

const results: GroupResult[] = [];
for (const concurrency of [1, 64]) {
  const label = concurrency === 1 ? "sequential" : "64 in flight";
  results.push(
    await runGroup(
      `Redis hit, ${label}`,
      [
        { name: "**baseline** node-redis GET + JSON.parse", run: async () => JSON.parse((await raw.get(plainKey))!) as unknown, concurrency },
        { name: "partition.get, cache without maxSize (GET)", run: () => plain.get("data:1"), concurrency },
        { name: "partition.get, cache with maxSize (GET; recency goes with writes)", run: () => sized.get("sized:1"), concurrency },
        { name: "Owned.get through the layer, cache with maxSize", run: () => owned.get("sized:1"), concurrency },
      ],
      { rounds },
    ),
    await runGroup(
      `Redis write, ${label}`,
      [
        { name: "**baseline** node-redis SET (text)", run: () => raw.set(`${namespace}::raw::k`, text), concurrency },
        { name: "partition.set, cache without maxSize (guarded SET script)", run: () => plain.set("data:1", entry), concurrency },
        { name: "partition.set, cache with maxSize, room left", run: () => sized.set("sized:1", entry), concurrency },
        { name: "partition.set, cache with maxSize, full (evicts one per write)", run: () => full.set(`k:${n++ % 400}`, entry), concurrency },
      ],
      { rounds },
    ),
  );
}
for (const result of results) console.log(`\n${table(result)}`);
const row = (group: number, index: number) => ratio(results[group]!.rows[index]!.medianRatio);
console.log(`\nhit with maxSize vs GET + JSON.parse: sequential ${row(0, 2)}, 64 in flight ${row(2, 2)}`);
console.log(`hit without maxSize vs GET + JSON.parse: sequential ${row(0, 1)}, 64 in flight ${row(2, 1)}`);
console.log(`write with maxSize (room / full) vs raw SET: sequential ${row(1, 2)} / ${row(1, 3)}, 64 in flight ${row(3, 2)} / ${row(3, 3)}`);

await layer.close();
await store.partition("full", { maxSize: 200 * 1300 }).clear();
await sized.clear();
await plain.clear();
await raw.del(`${namespace}::raw::k`);
await store.close();
raw.destroy();
