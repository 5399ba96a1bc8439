/**
 * What a miss that fills costs on Redis with fill leases (G1 across processes), against the store calls
 * of a miss without any cross-process guard (GET, then the guarded SET), sequential and with 64 in
 * flight; 1 KB JSON value, a fresh key each time (kept 1 s). Target: at most one round trip more
 * (GET, lease, fill: three calls against two). For scale, the same layer miss with the Redis load lock
 * the layer used before leases (GET, lock, GET, SET, unlock: five calls), and three calls of the baseline's kind.
 *
 *   node --import tsx bench/redis/fill-cost.ts [rounds]
 */
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { redisStore } from "../../src/runtime/redis/redis-store.js";
import type { CacheStore, StoredEntry } from "../../src/runtime/contracts/store.js";
import { runGroup, table, ratio } from "./harness.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const rounds = Number(process.argv[2] ?? 5);
const namespace = `borrowcache-test:bench-fill-${process.pid}`;
const TTL_MS = 1000;
const app = Object.freeze({ layers: ["client", "edge", "server"], caches: { data: { primary: "server", owns: ["data:*"], ttl: "1s" } } } as const);

const value = { id: 1, name: "x".repeat(900), tags: ["a", "b", "c"], n: 42, ok: true };
const entry = (): StoredEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + TTL_MS });
const source = { data: { load: async () => value } };

const store = redisStore(url, { namespace, layer: "server" });
await store.ready;
const partition = store.partition("raw", {});

// The layer as it was before leases: the same Redis store with `lease`/`fill` hidden, so a miss takes the load lock.
const lockStore = redisStore(url, { namespace, layer: "server" });
const withoutLeases: CacheStore = {
  kind: "redis",
  partition(cache, options) {
    const p = lockStore.partition(cache, options);
    return {
      get: (key) => p.get(key),
      getMany: (keys) => p.getMany(keys),
      set: (key, stored, ttlMs) => p.set(key, stored, ttlMs),
      delete: (key) => p.delete(key),
      keys: (pattern) => p.keys(pattern),
      clear: () => p.clear(),
      forgetLocal() {},
      forgetLocalPattern() {},
    };
  },
  lock: (name, options) => lockStore.lock(name, options),
};
const leased = createLayerRuntime(app, "server", { store, sources: source }).own("data");
const locked = createLayerRuntime(app, "server", { store: withoutLeases, sources: source }).own("data");

let counter = 0;
const fresh = () => `data:${counter++}`;

const results = [];
for (const concurrency of [1, 64]) {
  const label = concurrency === 1 ? "sequential" : "64 in flight";
  results.push(
    await runGroup(
      `A Redis miss that fills, ${label}`,
      [
        {
          name: "**baseline** GET (miss) + guarded SET: no guard across processes",
          run: async () => {
            const key = fresh();
            await partition.get(key);
            await partition.set(key, entry(), TTL_MS);
          },
          concurrency,
        },
        {
          name: "GET (miss) + lease + fill (one script call each)",
          run: async () => {
            const key = fresh();
            await partition.get(key);
            const lease = await partition.lease!(key, 10_000);
            if ("granted" in lease) await partition.fill!(key, entry(), TTL_MS, lease.granted);
          },
          concurrency,
        },
        {
          name: "for scale: GET + guarded SET + GET (three calls)",
          run: async () => {
            const key = fresh();
            await partition.get(key);
            await partition.set(key, entry(), TTL_MS);
            await partition.get(key);
          },
          concurrency,
        },
        { name: "Owned.get miss through the layer: lease", run: () => leased.get(fresh()), concurrency },
        { name: "Owned.get miss through the layer: load lock, as before leases", run: () => locked.get(fresh()), concurrency },
      ],
      { rounds },
    ),
  );
}
for (const result of results) console.log(`\n${table(result)}`);
for (const result of results) {
  const [, leaseFill, three, layerLease, layerLock] = result.rows;
  console.log(
    `\n${result.name}: lease + fill ${ratio(leaseFill!.medianRatio)} of GET + SET (three calls of that kind: ${ratio(three!.medianRatio)}); layer miss with a lease ${ratio(layerLease!.medianRatio)}, with the load lock ${ratio(layerLock!.medianRatio)}`,
  );
}

// Leave nothing behind (the keys expire within a second anyway).
for (const node of await store.connection.masters()) {
  let cursor = "0";
  do {
    const page = await node.scan(cursor, { MATCH: `${namespace}::*`, COUNT: 1000 });
    cursor = String(page.cursor);
    if (page.keys.length > 0) await node.unlink(page.keys);
  } while (cursor !== "0");
}
await store.close();
await lockStore.close();
