/**
 * `tieredStore(local, shared)`: a small in-process store (memory) in front of a shared one (Redis),
 * still one layer and one owner (docs/design.md, "Stores"). While the shared tier is away, reads answer from the local
 * tier or as misses (the layer then loads from its source, or serves a graced local copy), and writes
 * fail with the shared tier's `StoreError`. A hit in the local tier is a map lookup that returns the
 * live, frozen entry, with no deserialization; a miss reads the shared tier and fills the local one.
 * Writes go to the shared tier first, then the local one. The bus keeps other processes coherent: a
 * message from another process calls `forgetLocal`, which drops the local copy only; a bus reconnect
 * calls `dropVolatile`, which drops the whole local tier; while the bus cannot vouch for messages
 * (silent, reconnecting) the layer calls `suspendLocal(true)`: the local tier is dropped and neither
 * answers nor keeps anything until `suspendLocal(false)`.
 *
 * G1 across processes: `lease` and `fill` are the shared tier's (a process that missed takes the lease
 * in Redis; a fill a write overtook is refused there); a fill the shared tier stored also fills the
 * local tier, unless a write or message about the cache came in meanwhile.
 *
 * A cache's `maxSize` is the shared tier's budget (on Redis, one budget for every process); the local
 * tier keeps at most the same budget of copies. An entry the shared tier evicts for a write of this
 * process leaves this process's local tier too; other processes keep their local copy (a valid value)
 * until it leaves their local tier. Local hits do not reach the shared tier, so they do not count as
 * use there: a value hot in every local tier may still be the shared tier's least recently used.
 */
import type { Clock } from "../contracts/clock.js";
import type { CacheStore, FillLease, KeyLock, PartitionOptions, StoredEntry, StoredWrite, StoreOptions, StorePartition } from "../contracts/store.js";
import { systemClock } from "../time/clock.js";
import { isPromise } from "./is-promise.js";

/**
 * Options of `tieredStore`. Its `clock` is the clock of the entries' times (`expiresAt`, `staleUntil`):
 * a local copy is kept only until the entry's `staleUntil` (else `expiresAt`); give the layer's clock
 * when it is not the real one. Its `layer` is not used: each tier names the layer in its own errors.
 */
export interface TieredStoreOptions extends StoreOptions {
  /**
   * What a failed read of the shared tier does. `"miss"` (bentocache's `suppressL2Errors`): the read
   * answers from the local tier, else as a miss, so the layer loads from its source (or serves a graced
   * local copy) while Redis is away; the error goes to `onError`. `"throw"`: the read fails with the
   * shared tier's `StoreError`. Writes always fail when the shared tier fails.
   * @default "miss"
   */
  readonly sharedReadErrors?: "miss" | "throw";
  /** Told about shared-tier read errors that `sharedReadErrors: "miss"` turned into misses. */
  readonly onError?: (error: unknown, key: string) => void;
}

/**
 * A local tier over a shared tier.
 *
 * @example
 * const server = createLayer(app, "server", {
 *   store: tieredStore(memoryStore({ maxSize: "20MB" }), redisStore(url, { namespace: "shop" })),
 *   bus: redisBus(url, { namespace: "shop" }),
 * });
 */
export function tieredStore(local: CacheStore, shared: CacheStore, options: TieredStoreOptions = {}): TieredStore {
  return new TieredStore(local, shared, options);
}

/** The store `tieredStore` returns. */
export class TieredStore implements CacheStore {
  readonly kind = "tiered";
  /** The shared tier's: it answers listings, keeps the budget and bounds what is stored. */
  get capabilities() {
    return this.shared.capabilities;
  }
  readonly local: CacheStore;
  readonly shared: CacheStore;
  /** The shared tier's lock: the local tier is per process and cannot exclude other processes. */
  readonly lock?: (name: string, options: { ttlMs: number; waitMs: number }) => Promise<KeyLock>;
  readonly #options: TieredStoreOptions;
  readonly #partitions = new Map<string, TieredPartition>();
  #suspended = false;

  constructor(local: CacheStore, shared: CacheStore, options: TieredStoreOptions = {}) {
    this.local = local;
    this.shared = shared;
    this.#options = options;
    const sharedLock = shared.lock?.bind(shared);
    if (sharedLock) this.lock = sharedLock;
  }

  partition(cache: string, options: PartitionOptions): TieredPartition {
    let partition = this.#partitions.get(cache);
    if (!partition) {
      // Local drops are not the layer's evictions: the entry is still in the shared tier.
      const local = this.local.partition(cache, { ...options, onEvict: undefined });
      // A shared eviction is: the local copy goes with it, then the layer hears of it.
      const sharedOptions: PartitionOptions = {
        ...options,
        onEvict: (key, entry, reason) => {
          partition?.forgetLocal(key);
          options.onEvict?.(key, entry, reason);
        },
      };
      partition = new TieredPartition(local, this.shared.partition(cache, sharedOptions), this.#options);
      if (this.#suspended) partition.suspendLocal(true);
      this.#partitions.set(cache, partition);
    }
    return partition;
  }

  /** The local tier may have missed invalidations (bus reconnect): drop all of it. */
  async dropVolatile(): Promise<void> {
    for (const partition of this.#partitions.values()) partition.forgetAllLocal();
    await Promise.all([...this.#partitions.values()].map((partition) => partition.local.clear()));
    await this.shared.dropVolatile?.();
  }

  /**
   * While `true`, the local tier answers nothing and keeps nothing (it is dropped now): the bus cannot
   * prove a local copy fresh, so every read goes to the shared tier until `suspendLocal(false)`.
   */
  suspendLocal(suspended: boolean): void {
    this.#suspended = suspended;
    for (const partition of this.#partitions.values()) partition.suspendLocal(suspended);
  }

  async close(): Promise<void> {
    await Promise.all([this.local.close?.(), this.shared.close?.()]);
  }
}

/**
 * One cache's slice of a tiered store.
 *
 * @example
 * const users = tieredStore(memoryStore(), redisStore(url)).partition("user_data", {});
 * users.get("user:1") // a StoredEntry at once on a local hit, a Promise otherwise
 */
export class TieredPartition implements StorePartition {
  readonly local: StorePartition;
  readonly shared: StorePartition;
  readonly #clock: Clock;
  readonly #missOnError: boolean;
  readonly #onError: ((error: unknown, key: string) => void) | undefined;
  /** The shared tier's `touch`, told of local hits so its budget evicts by real use; absent when it keeps none. */
  readonly #touch: ((key: string) => void) | undefined;
  /** The shared tier's lease (see `StorePartition.lease`); absent when it has none. */
  readonly lease?: (key: string, ttlMs: number) => Promise<FillLease>;
  /** The shared tier's lease release (see `StorePartition.release`); absent when it has none. */
  readonly release?: (key: string, token: string) => Promise<void>;
  /** A fill through the shared tier's lease, copied to the local tier once stored; absent without leases. */
  readonly fill?: (key: string, entry: StoredEntry, ttlMs: number | undefined, token: string) => Promise<boolean>;
  /** The shared tier's atomic soft invalidation, the local copy dropped first; absent when the shared tier has none. */
  readonly expire?: (key: string, now: number, staleUntil: number) => Promise<boolean>;
  /** See `TieredStore.suspendLocal`. */
  #suspended = false;
  // Bumped by every write, delete and forget: a shared-tier read that started before one must not
  // fill the local tier with what it read (it may be the value the write or message replaced).
  #generation = 0;

  constructor(local: StorePartition, shared: StorePartition, options: TieredStoreOptions = {}) {
    this.local = local;
    this.shared = shared;
    this.#clock = options.clock ?? systemClock;
    this.#missOnError = (options.sharedReadErrors ?? "miss") === "miss";
    this.#onError = options.onError;
    this.#touch = shared.touch?.bind(shared);
    if (shared.lease !== undefined && shared.fill !== undefined) {
      this.lease = (key, ttlMs) => shared.lease!(key, ttlMs);
      this.fill = (key, entry, ttlMs, token) => this.#fillThrough(key, entry, ttlMs, token);
      if (shared.release !== undefined) this.release = (key, token) => shared.release!(key, token);
    }
    if (shared.expire !== undefined) {
      this.expire = (key, now, staleUntil) => {
        this.#generation++;
        this.#dropLocal(key); // the next read takes the stale-marked entry from the shared tier
        return shared.expire!(key, now, staleUntil);
      };
    }
  }

  get(key: string): StoredEntry | undefined | Promise<StoredEntry | undefined> {
    if (this.#suspended) return this.#readShared(key);
    const near = this.local.get(key);
    if (near === undefined) return this.#readShared(key);
    if (isPromise(near)) return near.then((entry) => (entry === undefined ? this.#readShared(key) : this.#localHit(key, entry)));
    return this.#touch ? this.#localHit(key, near) : near;
  }

  /** The shared tier's entry, its failures thrown (not turned into misses): for reads that decide a write. */
  async peek(key: string): Promise<StoredEntry | undefined> {
    return this.shared.peek ? this.shared.peek(key) : this.shared.get(key);
  }

  async getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    const found = this.#suspended ? keys.map(() => undefined) : await this.local.getMany(keys);
    const missing: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      if (found[i] === undefined) missing.push(i);
      else this.#touch?.(keys[i] as string);
    }
    if (missing.length === 0) return found;
    const generation = this.#generation;
    const wanted = missing.map((i) => keys[i] as string);
    let far: (StoredEntry | undefined)[];
    try {
      far = await this.shared.getMany(wanted);
    } catch (error) {
      if (!this.#missOnError) throw error;
      this.#onError?.(error, wanted[0] ?? "");
      return found;
    }
    missing.forEach((index, j) => {
      const entry = far[j];
      if (entry !== undefined) found[index] = this.#fill(keys[index] as string, entry, generation);
    });
    return found;
  }

  async set(key: string, entry: StoredEntry, ttlMs?: number): Promise<void> {
    this.#generation++;
    try {
      await this.shared.set(key, entry, ttlMs);
    } catch (error) {
      // The shared tier keeps its old value (or, after a timeout, maybe the new one): the local copy
      // can no longer be trusted either way, so the next read goes to the shared tier.
      this.#dropLocal(key);
      throw error;
    }
    this.#generation++;
    if (this.#suspended) return;
    try {
      await this.local.set(key, entry, ttlMs);
    } catch {
      this.#dropLocal(key); // e.g. larger than the local budget: served from the shared tier
    }
  }

  /** Like `set` for each entry: the shared tier first, in one round trip where it can, then local copies. */
  async setMany(entries: readonly StoredWrite[]): Promise<void> {
    this.#generation++;
    const shared = this.shared;
    try {
      if (shared.setMany) await shared.setMany(entries);
      else await Promise.all(entries.map(async ({ key, entry, ttlMs }) => shared.set(key, entry, ttlMs)));
    } catch (error) {
      for (const { key } of entries) this.#dropLocal(key);
      throw error;
    }
    this.#generation++;
    if (this.#suspended) return;
    await Promise.all(
      entries.map(async ({ key, entry, ttlMs }) => {
        try {
          await this.local.set(key, entry, ttlMs);
        } catch {
          this.#dropLocal(key);
        }
      }),
    );
  }

  /** Like `delete` for each key: local copies dropped, then the shared tier in one round trip where it can. */
  async deleteMany(keys: readonly string[]): Promise<boolean> {
    this.#generation++;
    for (const key of keys) this.#dropLocal(key);
    const shared = this.shared;
    if (shared.deleteMany) return shared.deleteMany(keys);
    return (await Promise.all(keys.map(async (key) => shared.delete(key)))).includes(true);
  }

  async delete(key: string): Promise<boolean> {
    this.#generation++;
    this.#dropLocal(key);
    return this.shared.delete(key);
  }

  keys(pattern?: string): AsyncIterable<string> {
    return this.shared.keys(pattern);
  }

  async clear(): Promise<void> {
    this.#generation++;
    await Promise.all([this.local.clear(), this.shared.clear()]);
  }

  /** The shared tier's bytes (the budget that counts), else the local tier's. */
  bytes(): number {
    return this.shared.bytes?.() ?? this.local.bytes?.() ?? 0;
  }

  /** Another process changed `key` in the shared tier: drop the local copy only. */
  forgetLocal(key: string): void {
    this.#generation++;
    this.#dropLocal(key);
  }

  /** Another process invalidated a pattern: drop the local copies it may cover. */
  forgetLocalPattern(pattern: string): void {
    this.#generation++;
    if (this.local.forgetLocalPattern) this.local.forgetLocalPattern(pattern);
    // Dropping the whole local tier of this cache is exact and synchronous for memory partitions;
    // listing the keys that match would be asynchronous, leaving a window for stale local hits.
    else void Promise.resolve(this.local.clear()).catch(() => {});
  }

  /** Marks every read in flight as too old to fill the local tier (before a whole-tier drop). */
  forgetAllLocal(): void {
    this.#generation++;
  }

  /** See `TieredStore.suspendLocal`: suspending drops the local tier, and reads in flight do not refill it. */
  suspendLocal(suspended: boolean): void {
    this.#suspended = suspended;
    if (!suspended) return;
    this.#generation++;
    try {
      this.local.clear().catch(() => {});
    } catch {
      // A local tier that cannot clear is not read while suspended; the generation keeps reads from refilling it.
    }
  }

  /**
   * The shared tier decides the fill (its lease); a stored fill is copied to the local tier unless a
   * write, delete or message came in meanwhile. Like a write, it makes reads in flight too old to fill
   * the local tier with what they read (the value this fill replaced, on a refresh).
   */
  async #fillThrough(key: string, entry: StoredEntry, ttlMs: number | undefined, token: string): Promise<boolean> {
    const generation = ++this.#generation;
    let stored: boolean;
    try {
      stored = await this.shared.fill!(key, entry, ttlMs, token);
    } catch (error) {
      this.#dropLocal(key); // the fill may have landed (an unknown outcome): the shared tier answers next
      throw error;
    }
    if (!stored || generation !== this.#generation || this.#suspended) return stored;
    this.#generation++;
    try {
      await this.local.set(key, entry, ttlMs);
    } catch {
      this.#dropLocal(key);
    }
    return stored;
  }

  #localHit(key: string, entry: StoredEntry): StoredEntry {
    this.#touch?.(key);
    return entry;
  }

  #readShared(key: string): Promise<StoredEntry | undefined> {
    const generation = this.#generation;
    let read: Promise<StoredEntry | undefined>;
    try {
      read = Promise.resolve(this.shared.get(key));
    } catch (error) {
      read = Promise.reject(error);
    }
    const filled = read.then((entry) => (entry === undefined ? undefined : this.#fill(key, entry, generation)));
    if (!this.#missOnError) return filled;
    return filled.catch((error: unknown) => {
      this.#onError?.(error, key);
      return undefined;
    });
  }

  // Keeps a local copy of what the shared tier answered, unless a write or message came in meanwhile;
  // returns the local (frozen) copy when there is one, so every hit sees the same object.
  #fill(key: string, entry: StoredEntry, generation: number): StoredEntry {
    if (generation !== this.#generation || this.#suspended) return entry;
    const end = entry.staleUntil ?? entry.expiresAt;
    const ttlMs = end === undefined ? undefined : end - this.#clock.now();
    if (ttlMs !== undefined && ttlMs <= 0) return entry;
    try {
      const stored = this.local.set(key, entry, ttlMs);
      if (isPromise(stored)) {
        stored.catch(() => {});
        return entry;
      }
    } catch {
      return entry; // too large for the local tier: stays shared-only
    }
    const near = this.local.get(key);
    return near !== undefined && !isPromise(near) ? near : entry;
  }

  #dropLocal(key: string): void {
    try {
      const dropped = this.local.delete(key);
      if (isPromise(dropped)) dropped.catch(() => {});
    } catch {
      // A local tier that cannot delete holds nothing we could serve wrongly after the generation bump.
    }
  }
}
