/**
 * The storage contract of a layer. A store holds bytes or objects for the caches a layer owns and knows
 * nothing of borrowing (like bentocache's drivers). `keyvStore(adapter)` turns any keyv store adapter
 * into one; `memoryStore`, `redisStore`, `idbStore`, `edgeCacheStore` and `tieredStore` are the built-in ones.
 */
import type { Clock } from "./clock.js";

/**
 * What every store factory takes (`memoryStore`, `redisStore`, `idbStore`, `edgeCacheStore`,
 * `keyvStore`, `tieredStore`), next to its own options.
 *
 * @example
 * const clock = manualClock()
 * const store = memoryStore({ clock, layer: "edge" }) // ttl and recency move with clock.advance(ms)
 */
export interface StoreOptions {
  /** The time source of every time the store reads (ttl, recency). @default systemClock */
  readonly clock?: Clock | undefined;
  /** The layer named in the store's `StoreError`s and `ValueError`s when the layer does not name itself in `PartitionOptions`. @default the store's `kind` */
  readonly layer?: string | undefined;
}

/** What a layer keeps for one key. Times are epoch milliseconds. */
export interface StoredEntry<TValue = unknown> {
  readonly value: TValue;
  readonly storedAt: number;
  /** End of freshness (`ttl`); absent: fresh forever. */
  readonly expiresAt?: number | undefined;
  /** End of the `grace` period; the store may drop the entry after it. Absent: `expiresAt`. */
  readonly staleUntil?: number | undefined;
  /**
   * The ids of the latest `atomicUpdate`s that wrote this key (at most 16, newest last), stored with the
   * value so a retry of an update whose outcome was unknown can see that it already applied (G3).
   */
  readonly ops?: readonly string[] | undefined;
  /**
   * The cache's deploy `version` when it was written (the manifest's `version`): a layer reads an entry
   * of another version as a miss. Stores keep it with the entry; absent: written by a cache without one.
   */
  readonly version?: string | number | undefined;
  /**
   * Marked stale by a soft invalidation (`mode: "expire"`), not by its ttl running out: until
   * `staleUntil` a read answers it at once and refreshes it in the background (one refresh).
   */
  readonly expired?: true | undefined;
}

/** Why an entry left a partition without a `delete` from its layer. */
export type EvictionReason = "size" | "expired";

/** Options a layer gives when it opens a partition for one cache. */
export interface PartitionOptions {
  /**
   * This cache's byte budget (the manifest's `maxSize`, in bytes), the same on every store: entries are
   * counted by `entryBytes` (stores/entry-bytes.ts), the least-recently-used entries of this cache go
   * first (reported to `onEvict` as `"size"` where the store can tell), and one entry larger than the
   * budget is refused with a `ValueError`. Absent: no budget of the cache's own.
   */
  readonly maxSize?: number | undefined;
  /** `true` for streaming caches: values are `Uint8Array` chunks and small headers. */
  readonly binary?: boolean | undefined;
  /** Called when the store drops an entry by itself (size or expiry), so the layer can count it and run cleanups. */
  readonly onEvict?: ((key: string, entry: StoredEntry, reason: EvictionReason) => void) | undefined;
  /** The layer opening the partition, named in the `StoreError`s the store throws. Absent: the store's own name. */
  readonly layer?: string | undefined;
}

/**
 * One cache's slice of a store: keys are the cache's own keys. A memory partition may answer `get`
 * synchronously, so a hit costs no extra promise.
 */
export interface StorePartition {
  get(key: string): StoredEntry | undefined | Promise<StoredEntry | undefined>;
  getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]>;
  /**
   * Stores `entry`; `ttlMs` is how long the store must keep it (ttl + grace), absent: forever. Rejects, and keeps the old value, if it cannot.
   * A `Uint8Array` value is copied or sent before this settles, never kept: the caller may refill it afterwards (streaming writes do).
   */
  set(key: string, entry: StoredEntry, ttlMs?: number): void | Promise<void>;
  delete(key: string): boolean | Promise<boolean>;
  /** The keys this partition holds that match a glob pattern (`*` only). */
  keys(pattern?: string): AsyncIterable<string>;
  /** Drops every entry of this partition, and nothing outside it. */
  clear(): Promise<void>;
  /**
   * Bytes held for this partition, counted by `entryBytes`, where the store can tell. A shared store
   * answers what it last heard from its backend (Redis: the total its last write or delete returned).
   */
  bytes?(): number;
  /**
   * Drops this process's copy of `key` only (a tiered store's memory tier), leaving the shared tier
   * alone: for when another process wrote or deleted the key and said so on the bus. A shared store
   * (Redis) has it as a no-op: the other process already changed the one copy. Absent: every entry is
   * this process's own (memory, IndexedDB), and the layer deletes the key through `delete`.
   */
  forgetLocal?(key: string): void;
  /** Like `forgetLocal`, for every key matching a glob pattern (`*` only). */
  forgetLocalPattern?(pattern: string): void;
  /**
   * Marks `key` as just used, without reading it: a tiered store calls it on its shared tier for each
   * hit its local tier answered, so the shared tier's `maxSize` evicts by real use. The store may batch
   * it (Redis sends touches with the next write, or within a second). Absent: reads alone count as use.
   */
  touch?(key: string): void;
  /**
   * G1 across processes (Facebook's memcache leases, in the key itself): a store shared by several
   * processes lets the process that missed `key` mark it as being loaded before it asks the source.
   * Atomically: when the key holds nothing, a lease is placed in it (kept `ttlMs`, so a loader that dies
   * frees it) and its token returned — this process loads and fills; when another process's lease is
   * there, `busy` — that process is loading (wait for its fill); when a value is there, that entry with
   * a token that fingerprints it — fresh, it answers the read; past its ttl (a refresh), a `fill` with
   * the token replaces it only if nobody wrote since. A lease reads as a miss everywhere (`get`,
   * `getMany`), and `keys` must list a key that holds only a lease: a pattern invalidation has to reach
   * a load in flight in another process, and its delete removes the lease.
   * Every `set`, `delete` and `clear` of the key removes the lease — that is what makes a later `fill`
   * with it fail. Absent: the store is one process's own (memory) or cannot do it atomically (keyv, the
   * Web Cache API), and the layer's in-process tickets are the only guard.
   */
  lease?(key: string, ttlMs: number): Promise<FillLease>;
  /**
   * The entry as the one copy every process shares holds it, failing loudly: no in-process tier answers,
   * and no store failure becomes a miss. A read that decides a write — `atomicUpdate`'s current value
   * under its lock, the read-back after an unknown outcome — uses it. Absent: `get` is already that.
   */
  peek?(key: string): Promise<StoredEntry | undefined>;
  /**
   * Stores `entry` only if `key` still holds the lease `token` (no write, delete or clear came since);
   * resolves whether it was stored. The stale-set race is decided here, atomically, in the store.
   */
  fill?(key: string, entry: StoredEntry, ttlMs: number | undefined, token: string): Promise<boolean>;
  /**
   * Frees the lease `token` on `key` when the load that took it stores nothing (the source had no
   * value, the load failed, its fill was refused, the cache does not backfill): compare-and-delete, so a
   * value or another process's lease there stays. Otherwise the others would wait for the lease's ttl.
   */
  release?(key: string, token: string): Promise<void>;
  /**
   * Soft invalidation, atomically against every other write of `key`: rewrites the entry there as
   * `expiredEntry(entry, now, staleUntil)` (stores/expired-entry.ts), kept until `staleUntil`. A lease
   * there is a load in flight that started before the expire: end it, as a delete does, so that load's
   * fill is refused; if it was replaced before it could be ended (the fill landed), read again and mark
   * what is there. Nothing there: nothing to mark. Resolves whether an entry was marked. Absent: the
   * layer reads the entry and writes it back marked, guarded by its in-process fill tickets only (a
   * write of another process in between is overwritten by the stale copy, which then refreshes).
   */
  expire?(key: string, now: number, staleUntil: number): Promise<boolean>;
  /**
   * Stores several entries in one round trip where the backend can (a Redis script, keyv's
   * `setMany`); each `ttlMs` as in `set`. Rejects, keeping no promise about which were written, if it
   * cannot. Absent: the layer calls `set` per entry, all at once.
   */
  setMany?(entries: readonly StoredWrite[]): Promise<void>;
  /** Deletes several keys in one round trip where the backend can; resolves whether any held an entry (keyv's `deleteMany`). Absent: `delete` per key. */
  deleteMany?(keys: readonly string[]): Promise<boolean>;
}

/** One entry of `StorePartition.setMany`. */
export interface StoredWrite {
  readonly key: string;
  readonly entry: StoredEntry;
  /** How long the store must keep it (ttl + grace); absent: forever. */
  readonly ttlMs?: number | undefined;
}

/** What `StorePartition.lease` found: a lease for this process (over nothing, or over the entry there), or another process's load. */
export type FillLease = { readonly granted: string; readonly entry?: StoredEntry | undefined } | { readonly busy: true };

/** A lock on one key, held until `release` (or its expiry, if the holder dies). */
export interface KeyLock {
  release(): Promise<void>;
  /** `false` once the lock has expired and another holder may have it. */
  readonly held: boolean;
}

/**
 * What a store can do, declared by the store (keyv adapters declare nothing, bentocache's drivers do):
 * `createLayer` refuses a manifest the layer's store cannot serve, naming cache, store and layer, instead
 * of failing at the first write; a call that needs what the store lacks fails at once with the same text.
 *
 * @example
 * const capabilities: StoreCapabilities = { listsKeys: false, maxValueBytes: 786_000, ttlResolutionMs: 1000, exactKeys: true, measuresSize: true }
 */
export interface StoreCapabilities {
  /** `keys()` lists a partition's keys: pattern invalidation (wildcard cascades, `invalidate("x:*")`), `clear()` and `sweepChunks` need it. */
  readonly listsKeys: boolean;
  /** The largest byte array one entry holds, in bytes: a streaming cache's `chunkSize` must fit. Absent: no limit known. */
  readonly maxValueBytes?: number | undefined;
  /** The step in which the backend itself drops expired entries, in ms (1: exact). Reads never answer an entry past its ttl, whatever this is. */
  readonly ttlResolutionMs: number;
  /** Two keys share one entry only when they are equal, code unit for code unit (not folded by case, accents or trailing spaces). */
  readonly exactKeys: boolean;
  /** Partitions count the bytes they hold (`bytes()`), so a cache's `maxSize` can be kept. */
  readonly measuresSize: boolean;
  /** The backend these capabilities describe, named in errors: `"@keyv/memcache"`. Absent: the store's `kind`. */
  readonly backend?: string | undefined;
}

/** A store a layer writes to. */
export interface CacheStore {
  /** Short name used in errors and stats: "memory", "redis", "idb", "edge-cache", "tiered", "keyv". */
  readonly kind: string;
  /**
   * What this store can do (`StoreCapabilities`); `createLayer` checks the manifest against it. Absent:
   * a store of the user's own that declares nothing, taken to do everything (nothing is checked early).
   */
  readonly capabilities?: StoreCapabilities | undefined;
  /**
   * `true` when every value it answers was written by this process and never left it (`memoryStore`):
   * nothing crossed a trust boundary, so a cache's schema is not run on its reads, and a deploy
   * `version` cannot differ. Absent or `false` (Redis, keyv adapters, IndexedDB, the edge, tiered): reads
   * are checked against the cache's `version` and, with a schema, validated.
   */
  readonly trusted?: boolean | undefined;
  partition(cache: string, options: PartitionOptions): StorePartition;
  /**
   * A lock shared by every process using this store (Redis: token + expiry + compare-and-delete).
   * Absent: the layer uses an in-process lock, which is exact within one process.
   */
  lock?(name: string, options: { ttlMs: number; waitMs: number }): Promise<KeyLock>;
  /** Called when the layer learns it may have missed invalidations (bus reconnect): drop whatever cannot be proven fresh. */
  dropVolatile?(): void | Promise<void>;
  /**
   * While `true`, keep and answer nothing from an in-process tier (a tiered store's memory tier): the bus
   * cannot prove such copies fresh (it is silent or reconnecting), so reads go to the shared tier until
   * it is called with `false`. Absent: the store holds no in-process copies of a shared value.
   */
  suspendLocal?(suspended: boolean): void;
  close?(): Promise<void>;
}
