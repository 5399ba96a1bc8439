/**
 * `redisStore`: a layer's store in Redis (or a Redis Cluster), shared by every process of the layer.
 * Keys live under `<namespace>::<cache>::<key>`; values are borrowcache's tagged JSON; calls fail fast
 * and are bounded in time while Redis is away; `lock()` is a Redis lock, so `atomicUpdate` is
 * exclusive across processes; a miss takes a fill lease in the key (`redis-lease.ts`), so one process
 * loads it and no fill outlives a later write of another. A cache with a `maxSize` gets one byte budget
 * shared by every process (see `redis-budget.ts`), with its keys under `<namespace>::{<cache>}::<key>`:
 * one Redis Cluster slot.
 */
import type { Clock } from "../contracts/clock.js";
import type { CacheStore, KeyLock, PartitionOptions, StoreOptions, StorePartition } from "../contracts/store.js";
import type { CircuitBreaker, CircuitBreakerOptions } from "../faults/circuit-breaker.js";
import { systemClock } from "../time/clock.js";
import { connectRedis, type RedisConnection, type RedisTarget } from "./redis-connection.js";
import { RedisCalls } from "./redis-calls.js";
import { RedisPartition, type WriteDeadlines } from "./redis-partition.js";
import { measureClockOffset } from "./redis-guarded-set.js";
import { budgetKeys, checkName, SEPARATOR } from "./redis-keys.js";
import { RedisBudget } from "./redis-budget.js";
import { RedisLocks } from "./redis-lock.js";
import { NodeBreakers } from "./redis-breakers.js";

/**
 * Options of `redisStore`. Its `clock` times the store's calls (each call's `timeoutMs` and the circuit
 * breaker's pauses); what Redis compares with its own clock stays on real time: a write's deadline
 * (checked against Redis's `TIME`), lock leases, and entries' expiry (`PX`).
 */
export interface RedisStoreOptions extends StoreOptions {
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
  /**
   * Circuit breaker settings, for each node: on a Redis Cluster every master has a breaker of its own,
   * so a dead master never makes the store refuse calls to the others.
   * @default { failureThreshold: 3, openMs: 100, maxOpenMs: 500 }
   */
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
  /** SCAN lists, `PX` expires to the millisecond, keys are binary-exact; values up to Redis's `proto-max-bulk-len` (512MB). */
  readonly capabilities = Object.freeze({ listsKeys: true, ttlResolutionMs: 1, exactKeys: true, measuresSize: true } as const);
  readonly namespace: string;
  readonly #connection: RedisConnection;
  readonly #calls: RedisCalls;
  readonly #layer: string;
  readonly #locks: RedisLocks;
  readonly #deadlines: WriteDeadlines;
  readonly #clock: Clock;

  constructor(target: RedisTarget, options: RedisStoreOptions = {}) {
    this.namespace = options.namespace ?? "borrowcache";
    checkName("namespace", this.namespace);
    const timeoutMs = options.timeoutMs ?? 1000;
    if (!(timeoutMs > 0)) throw new TypeError(`✗ redisStore timeoutMs must be a positive number of milliseconds — got ${timeoutMs}`);
    this.#layer = options.layer ?? "redis";
    this.#connection = connectRedis(target, { timeoutMs });
    this.#deadlines = { timeoutMs, offsetMs: 0 };
    const connection = this.#connection;
    // Re-measured at each (re)connect: Redis may have restarted on another host's clock.
    connection.onReady(() => void this.#measureClockOffset());
    const clock = options.clock ?? systemClock;
    this.#clock = clock;
    const breakers = new NodeBreakers({ now: () => clock.now(), ...options.breaker }, connection.isCluster ? (key) => connection.masterOf(key) : undefined);
    // A node away (or a cluster reconfiguring) may have been failed over: find its slots' new master.
    const onUnavailable = connection.isCluster ? () => connection.refresh() : undefined;
    this.#calls = new RedisCalls({ timeoutMs, breaker: breakers, onUnavailable, firstConnect: connection, clock });
    // A reconnect proves the node is back: close its circuit now rather than at the next probe.
    connection.onReady((node) => breakers.reset(node));
    this.#locks = new RedisLocks({
      client: () => this.#connection.client,
      calls: this.#calls,
      site: { layer: this.#layer },
      prefix: `${this.namespace}${SEPARATOR}~lock${SEPARATOR}`,
      connection: this.#connection,
    });
    this.#connection.onReady(() => void this.#locks.cleanOrphans());
  }

  /** Calls sent to Redis so far (calls refused by the open circuit are not counted). */
  get attempts(): number {
    return this.#calls.attempts;
  }

  /**
   * The circuit breaker guarding this store's calls on a single Redis; on a cluster, that of the calls
   * tied to no node (each master's is in `breakers`).
   */
  get breaker(): CircuitBreaker {
    return this.#calls.breaker;
  }

  /** Every node's circuit breaker, by address (`*`: calls tied to no node, and every call on a single Redis). */
  get breakers(): ReadonlyMap<string, CircuitBreaker> {
    return this.#calls.breakers.all;
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
    const site = { layer: options.layer ?? this.#layer, cache };
    if (options.maxSize === undefined) {
      const prefix = `${this.namespace}${SEPARATOR}${cache}${SEPARATOR}`;
      return new RedisPartition(this.#connection, this.#calls, site, prefix, options, this.#deadlines);
    }
    const keys = budgetKeys(this.namespace, cache);
    const budget = new RedisBudget({
      connection: this.#connection,
      calls: this.#calls,
      site,
      keys,
      binary: options.binary === true,
      maxSize: options.maxSize,
      onEvict: options.onEvict,
      clock: this.#clock,
    });
    return new RedisPartition(this.#connection, this.#calls, site, keys.prefix, options, this.#deadlines, budget);
  }

  lock(name: string, options: { ttlMs: number; waitMs: number }): Promise<KeyLock> {
    return this.#locks.acquire(name, options);
  }

  /** Redis is the truth: nothing held here can be stale. */
  dropVolatile(): void {}

  async close(): Promise<void> {
    await this.#locks.close();
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
