/**
 * Everything Redis, for a Node-only subpath (`borrowcache/redis`): node-redis imports Node built-ins
 * (`net`, `stream`, `dns/promises`, `node:diagnostics_channel`), so a browser or workerd bundle of the
 * main entry must not reach it. `tieredStore` and `CircuitBreaker` need no Redis and may also stay in
 * the main entry.
 *
 * @example
 * import { redisStore, redisBus } from "borrowcache/redis";
 * import { createLayer, memoryStore, tieredStore } from "borrowcache";
 * const server = createLayer(app, "server", {
 *   store: tieredStore(memoryStore({ maxSize: "20MB" }), redisStore(url, { namespace: "shop" })),
 *   bus: redisBus(url, { namespace: "shop" }),
 * });
 */
export { redisStore, RedisStore } from "./redis-store.js";
export type { RedisStoreOptions } from "./redis-store.js";
export type { RedisTarget } from "./redis-connection.js";
export { RedisTimeoutError } from "./redis-calls.js";
export { LateWriteError } from "./redis-guarded-set.js";
export { LockTimeoutError } from "./redis-lock.js";
export { redisBus, RedisBus } from "./redis-bus.js";
export type { RedisBusOptions, RedisBusStats } from "./redis-bus.js";
export type { BacklogEvent, BacklogCounters } from "./redis-bus-backlog.js";
export { tieredStore, TieredStore } from "../stores/tiered.js";
export type { TieredStoreOptions } from "../stores/tiered.js";
export { CircuitBreaker, CircuitOpenError, CircuitState } from "../faults/circuit-breaker.js";
export type { CircuitBreakerOptions } from "../faults/circuit-breaker.js";
