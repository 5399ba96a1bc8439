/**
 * A tiered hit (the layer's `get` on tieredStore(memoryStore, redisStore) with redisBus, answered by
 * the memory tier) against bentocache's L1 hit (memory L1 + Redis L2 + Redis bus), 1 KB JSON value,
 * sequential. Target: at least 10× faster.
 *
 *   node --import tsx bench/redis/tiered-vs-bentocache.ts [rounds]
 */
import { BentoCache, bentostore } from "bentocache";
import { memoryDriver } from "bentocache/drivers/memory";
import { redisBusDriver, redisDriver } from "bentocache/drivers/redis";
import { createClient } from "@redis/client";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { redisStore } from "../../src/runtime/redis/redis-store.js";
import { memoryStore } from "../../src/runtime/stores/memory.js";
import { tieredStore } from "../../src/runtime/stores/tiered.js";
import { redisBus } from "../../src/runtime/redis/redis-bus.js";
import { runGroup, table, ratio } from "./harness.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const { hostname, port } = new URL(url);
const rounds = Number(process.argv[2] ?? 5);
const namespace = `borrowcache-test:bench-tiered-${process.pid}`;
const app = Object.freeze({ layers: ["client", "edge", "server"], caches: { data: { primary: "server", owns: ["data:*"] } } } as const);
const value = { id: 1, name: "x".repeat(900), tags: ["a", "b", "c"], n: 42, ok: true };

const store = tieredStore(memoryStore({ maxSize: "16MB" }), redisStore(url, { namespace, layer: "server" }));
const bus = redisBus(url, { namespace });
const layer = createLayerRuntime(app, "server", { store, bus });
const owned = layer.own("data");
await owned.set("data:1", value);
const partition = store.partition("data", {});

const connection = { host: hostname, port: Number(port || 6379) };
const bento = new BentoCache({
  default: "tiered",
  prefix: `${namespace}-bento`,
  stores: {
    tiered: bentostore()
      .useL1Layer(memoryDriver({ maxSize: "16mb" }))
      .useL2Layer(redisDriver({ connection }))
      .useBus(redisBusDriver({ connection })),
  },
});
await bento.set({ key: "data:1", value, ttl: "1h" });
const map = new Map([["data:1", value]]);
const mapGet = async (key: string) => map.get(key);

const result = await runGroup(
  "in-process hit of a Redis-backed cache, sequential",
  [
    { name: "**baseline** bentocache L1 hit (memory L1 + Redis L2 + bus), await get", run: () => bento.get({ key: "data:1" }) },
    { name: "Owned.get through the layer on tieredStore (memory-tier hit)", run: () => owned.get("data:1") },
    { name: "tieredStore partition.get (synchronous memory-tier hit)", run: () => partition.get("data:1") },
    { name: "reference: Map.get behind an async function (the floor of any async get)", run: () => mapGet("data:1") },
  ],
  { rounds },
);
console.log(`\n${table(result)}`);
console.log(`\nOwned.get on tieredStore vs bentocache L1 hit: ${ratio(result.rows[1]!.medianRatio)} (target ≥ 10×)`);
console.log(`Owned.get on tieredStore vs the async floor: ${ratio(result.rows[1]!.medianRatio / result.rows[3]!.medianRatio)}`);

await layer.close();
await bus.close();
await store.close();
await bento.disconnect();
// Remove both libraries' keys (SCAN of this run's prefix only).
const raw = createClient({ url });
raw.on("error", () => {});
await raw.connect();
let cursor = "0";
do {
  const page = await raw.scan(cursor, { MATCH: `${namespace}*`, COUNT: 1000 });
  cursor = String(page.cursor);
  if (page.keys.length > 0) await raw.unlink(page.keys);
} while (cursor !== "0");
raw.destroy();
