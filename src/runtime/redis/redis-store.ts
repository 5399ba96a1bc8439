/**
 * `redisStore`: a layer's store in Redis (or a Redis Cluster), shared by every process of the layer.
 * Keys live under `<namespace>::<cache>::<key>`; values are borrowcache's tagged JSON; calls fail fast
 * and are bounded in time while Redis is away; `lock()` is a Redis lock, so `atomicUpdate` and loads
 * are exclusive across processes.
 */
import type { CacheStore, KeyLock, PartitionOptions, StorePartition } from "../contracts/store.js";
import { CircuitBreaker, type CircuitBreakerOptions } from "../faults/circuit-breaker.js";
import { connectRedis, type RedisConnection, type RedisTarget } from "./redis-connection.js";
import { RedisCalls } from "./redis-calls.js";
import { RedisPartition, type WriteDeadlines } from "./redis-partition.js";
import { measureClockOffset } from "./redis-guarded-set.js";
import { checkName, SEPARATOR } from "./redis-keys.js";
import { RedisLocks } from "./redis-lock.js";

/** Options of `redisStore`. */
export interface RedisStoreOptions {
  /**
   * Prefix of every key, so apps (and test runs) sharing a Redis never touch each other's keys.
   * @default "borrowcache"
   */
  readonly namespace?: string;
  /**
   * Longest any call may take; past it the call fails with a `StoreError` (cause `RedisTimeoutError`).
   * @default 1000
   */
  readonly timeoutMs?: number;
  /** The layer named in `StoreError`s. @default "redis" (the store) */
  readonly layer?: string;
  /** Circuit breaker settings. @default { failureThreshold: 3, openMs: 100, maxOpenMs: 500 } */
  readonly breaker?: CircuitBreakerOptions;
}

/**
 * A `CacheStore` in Redis.
 *
 * @example
 * const server = createLayer(app, "server", {
 *   store: redisStore("redis://127.0.0.1:6379", { namespace: "shop" }),
 * });
 * @example
 * redisStore({ cluster: ["127.0.0.1:6390", "127.0.0.1:6391", "127.0.0.1:6392"] }, { namespace: "shop" })
 */
export function redisStore(target: RedisTarget, options: RedisStoreOptions = {}): RedisStore {
  return new RedisStore(target, options);
}

/** The store `redisStore` returns. */
export class RedisStore implements CacheStore {
  readonly kind = "redis";
  readonly namespace: string;
  readonly #connection: RedisConnection;
  readonly #calls: RedisCalls;
  readonly #layer: string;
  readonly #locks: RedisLocks;
  readonly #deadlines: WriteDeadlines;

  constructor(target: RedisTarget, options: RedisStoreOptions = {}) {
    this.namespace = options.namespace ?? "borrowcache";
    checkName("namespace", this.namespace);
    const timeoutMs = options.timeoutMs ?? 1000;
    if (!(timeoutMs > 0)) throw new TypeError(`✗ redisStore timeoutMs must be a positive number of milliseconds — got ${timeoutMs}`);
    this.#layer = options.layer ?? "redis";
    this.#connection = connectRedis(target, { timeoutMs });
    this.#deadlines = { timeoutMs, offsetMs: 0 };
    // Re-measured at each (re)connect: Redis may have restarted on another host's clock.
    this.#connection.onReady(() => void this.#measureClockOffset());
    const breaker = new CircuitBreaker(options.breaker);
    this.#calls = new RedisCalls({ timeoutMs, breaker, firstConnect: this.#connection });
    // A reconnect proves Redis is back: close the circuit now rather than at the next probe.
    this.#connection.onReady(() => breaker.reset());
    this.#locks = new RedisLocks({
      client: () => this.#connection.client,
      calls: this.#calls,
      site: { layer: this.#layer },
      prefix: `${this.namespace}${SEPARATOR}~lock${SEPARATOR}`,
    });
    this.#connection.onReady(() => void this.#locks.cleanOrphans());
  }

  /** Calls sent to Redis so far (calls refused by the open circuit are not counted). */
  get attempts(): number {
    return this.#calls.attempts;
  }

  /** The circuit breaker guarding this store's calls. */
  get breaker(): CircuitBreaker {
    return this.#calls.breaker;
  }

  /** The connection, for tests and for a bus on the same Redis. */
  get connection(): RedisConnection {
    return this.#connection;
  }

  /** Resolves once the first connection attempt has finished. */
  get ready(): Promise<void> {
    return this.#connection.ready;
  }

  partition(cache: string, options: PartitionOptions = {}): StorePartition {
    checkName("cache", cache);
    const layer = (options as { layer?: string }).layer ?? this.#layer;
    const prefix = `${this.namespace}${SEPARATOR}${cache}${SEPARATOR}`;
    return new RedisPartition(this.#connection, this.#calls, { layer, cache }, prefix, options, this.#deadlines);
  }

  lock(name: string, options: { ttlMs: number; waitMs: number }): Promise<KeyLock> {
    return this.#locks.acquire(name, options);
  }

  /** Redis is the truth: nothing held here can be stale. */
  dropVolatile(): void {}

  async close(): Promise<void> {
    await this.#connection.close();
  }

  async #measureClockOffset(): Promise<void> {
    try {
      const [node] = await this.#connection.masters();
      if (!node) return;
      const offset = await measureClockOffset(node, Math.max(10, this.#deadlines.timeoutMs / 20));
      if (offset !== undefined) this.#deadlines.offsetMs = offset;
    } catch {
      // Keep the last offset (0 at first): one machine's clocks agree, and the next reconnect measures again.
    }
  }
}
