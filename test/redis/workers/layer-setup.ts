/**
 * What every worker process builds: the server layer of a small manifest on real Redis, from its
 * environment (`REDIS_URL`, `NAMESPACE`, `STORE` = "redis" | "tiered", `LOCK_TTL` like "30s",
 * `BUS_HEARTBEAT_MS` for the bus's heartbeat, unset: its default).
 */
import { createLayerRuntime } from "../../../src/runtime/layer/create-layer.js";
import { redisStore } from "../../../src/runtime/redis/redis-store.js";
import { tieredStore } from "../../../src/runtime/stores/tiered.js";
import { memoryStore } from "../../../src/runtime/stores/memory.js";
import { redisBus } from "../../../src/runtime/redis/redis-bus.js";
import { createClient } from "@redis/client";

export const env = {
  url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  namespace: process.env.NAMESPACE ?? "borrowcache-test:worker",
  store: process.env.STORE ?? "redis",
  lockTtl: process.env.LOCK_TTL ?? "30s",
  /** The store's per-call bound; unset: the store's default (1 s). */
  timeoutMs: process.env.REDIS_TIMEOUT_MS === undefined ? undefined : Number(process.env.REDIS_TIMEOUT_MS),
  heartbeatMs: process.env.BUS_HEARTBEAT_MS === undefined ? undefined : Number(process.env.BUS_HEARTBEAT_MS),
};

/** The manifest the workers share; `hardTimeout` of `accounts` is its lock's ttl and wait. */
export function workerApp() {
  return Object.freeze({
    layers: ["client", "edge", "server"],
    caches: {
      accounts: { primary: "server", owns: ["account:*"], exclusive: true, hardTimeout: env.lockTtl },
      data: { primary: "server", owns: ["data:*"], hardTimeout: "30s" },
      notes: { primary: "server", owns: ["note:*"] },
    },
  } as const);
}

/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC via hrtime), with sub-millisecond
 * precision: one clock for every process on the machine, unlike `performance.timeOrigin + now()`,
 * whose origin is fixed per process and drifted by tens of ms between processes here.
 */
export function preciseNow(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Opens the worker's layer (and what it needs), with a close that stops everything. */
export async function openWorkerLayer(sources: Record<string, { load: (key: string) => Promise<unknown> }> = {}) {
  const redis = redisStore(env.url, { namespace: env.namespace, layer: "server", ...(env.timeoutMs === undefined ? {} : { timeoutMs: env.timeoutMs }) });
  const store = env.store === "tiered" ? tieredStore(memoryStore({ maxSize: "16MB" }), redis) : redis;
  // A heartbeat slower than the default keeps a liveness bound of 2.5 beats.
  const bus = redisBus(env.url, {
    namespace: env.namespace,
    ...(env.heartbeatMs === undefined ? {} : { heartbeatMs: env.heartbeatMs, livenessMs: 2.5 * env.heartbeatMs }),
  });
  await Promise.all([redis.ready, bus.listening()]);
  const layer = createLayerRuntime(workerApp(), "server", { store, bus, sources });
  const raw = createClient({ url: env.url });
  raw.on("error", () => {});
  await raw.connect();
  return {
    layer,
    store,
    bus,
    raw,
    close: async () => {
      await layer.close();
      await bus.close();
      await store.close();
      raw.destroy();
    },
  };
}
