/**
 * `borrowcache/redis`: the server layer on Redis — `redisStore`, `redisBus`, the Redis lock's errors.
 * A subpath of its own because node-redis imports Node built-ins (`net`, `stream`, `dns`), which a
 * browser or workerd bundle of the main entry must never reach. On Node, the main entry re-exports it.
 *
 * @example
 * import { redisStore, redisBus } from "borrowcache/redis";
 * const server = createLayer(app, "server", {
 *   store: tieredStore(memoryStore({ maxSize: "20MB" }), redisStore(url, { namespace: "shop" })),
 *   bus: redisBus(url, { namespace: "shop" }),
 * });
 */
export { redisStore, RedisStore, RedisTimeoutError, LateWriteError, LockTimeoutError, redisBus, RedisBus } from "./runtime/redis/index.js";
export type { RedisStoreOptions, RedisTarget, RedisBusOptions, RedisBusStats, BacklogEvent } from "./runtime/redis/index.js";
