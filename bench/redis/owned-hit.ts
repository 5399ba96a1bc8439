/**
 * A Redis-backed `Owned` hit (the layer's `get` on redisStore) against a raw node-redis GET of the same
 * key, sequential and with 64 in flight; 1 KB JSON value. Targets: within 1.1× sequential, 1.25× at 64.
 *
 *   node --import tsx bench/redis/owned-hit.ts [rounds]
 */
import { createClient } from "@redis/client";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { redisStore } from "../../src/runtime/redis/redis-store.js";
import { runGroup, table, ratio } from "./harness.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const rounds = Number(process.argv[2] ?? 5);
const namespace = `borrowcache-test:bench-hit-${process.pid}`;
const app = Object.freeze({ layers: ["client", "edge", "server"], caches: { data: { primary: "server", owns: ["data:*"] } } } as const);

const value = { id: 1, name: "x".repeat(900), tags: ["a", "b", "c"], n: 42, ok: true };
const store = redisStore(url, { namespace, layer: "server" });
const layer = createLayerRuntime(app, "server", { store });
const owned = layer.own("data");
await owned.set("data:1", value);
const partition = store.partition("data", {});
const fullKey = `${namespace}::data::data:1`;
const raw = createClient({ url, disableOfflineQueue: true });
raw.on("error", () => {});
await raw.connect();
console.log(`stored entry: ${(await raw.get(fullKey))!.length} bytes`);

const results = [];
for (const concurrency of [1, 64]) {
  const label = concurrency === 1 ? "sequential" : "64 in flight";
  results.push(
    await runGroup(
      `Redis hit, ${label}`,
      [
        { name: "**baseline** node-redis GET (string, no parse)", run: () => raw.get(fullKey), concurrency },
        { name: "node-redis GET + JSON.parse (reference)", run: async () => JSON.parse((await raw.get(fullKey))!) as unknown, concurrency },
        { name: "redisStore partition.get (entry decoded)", run: () => partition.get("data:1"), concurrency },
        { name: "Owned.get through the layer (redisStore)", run: () => owned.get("data:1"), concurrency },
      ],
      { rounds },
    ),
  );
}
for (const result of results) console.log(`\n${table(result)}`);
const owned1 = results[0]!.rows[3]!.medianRatio;
const owned64 = results[1]!.rows[3]!.medianRatio;
console.log(`\nOwned.get vs raw GET: sequential ${ratio(owned1)} (target within 1.1×), 64 in flight ${ratio(owned64)} (target within 1.25×)`);

await layer.close();
await raw.del(fullKey);
await store.close();
raw.destroy();
