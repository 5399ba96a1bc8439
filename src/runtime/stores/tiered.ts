/**
 * `tieredStore(local, shared)`: a small in-process store (memory) in front of a shared one (Redis),
 * still one layer and one owner (DESIGN §7). A hit in the local tier is a map lookup that returns the
 * live, frozen entry, with no deserialization; a miss reads the shared tier and fills the local one.
 * Writes go to the shared tier first, then the local one. The bus keeps other processes coherent: a
 * message from another process calls `forgetLocal`, which drops the local copy only; a bus reconnect
 * calls `dropVolatile`, which drops the whole local tier.
 */
import type { CacheStore, KeyLock, PartitionOptions, StoredEntry, StorePartition } from "./store.js";

/** Options of `tieredStore`. */
export interface TieredStoreOptions {
  /**
   * The clock of the entries' times (`expiresAt`, `staleUntil`): a local copy is kept only until the
   * entry's `staleUntil` (else `expiresAt`). Give the layer's clock when it is not the real one.
   * @default Date.now
   */
  readonly now?: () => number;
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
  readonly local: CacheStore;
  readonly shared: CacheStore;
  /** The shared tier's lock: the local tier is per process and cannot exclude other processes. */
  readonly lock?: (name: string, options: { ttlMs: number; waitMs: number }) => Promise<KeyLock>;
  readonly #now: () => number;
  readonly #partitions = new Map<string, TieredPartition>();

  constructor(local: CacheStore, shared: CacheStore, options: TieredStoreOptions = {}) {
    this.local = local;
    this.shared = shared;
    this.#now = options.now ?? Date.now;
    const sharedLock = shared.lock?.bind(shared);
    if (sharedLock) this.lock = sharedLock;
  }

  partition(cache: string, options: PartitionOptions): TieredPartition {
    let partition = this.#partitions.get(cache);
    if (!partition) {
      // Local drops are not the layer's evictions: the entry is still in the shared tier.
      const localOptions: PartitionOptions = { ...options, onEvict: undefined };
      partition = new TieredPartition(this.local.partition(cache, localOptions), this.shared.partition(cache, options), this.#now);
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
  readonly #now: () => number;
  // Bumped by every write, delete and forget: a shared-tier read that started before one must not
  // fill the local tier with what it read (it may be the value the write or message replaced).
  #generation = 0;

  constructor(local: StorePartition, shared: StorePartition, now: () => number) {
    this.local = local;
    this.shared = shared;
    this.#now = now;
  }

  get(key: string): StoredEntry | undefined | Promise<StoredEntry | undefined> {
    const near = this.local.get(key);
    if (near === undefined) return this.#readShared(key);
    if (isPromise(near)) return near.then((entry) => entry ?? this.#readShared(key));
    return near;
  }

  async getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    const found = await this.local.getMany(keys);
    const missing: number[] = [];
    for (let i = 0; i < keys.length; i++) if (found[i] === undefined) missing.push(i);
    if (missing.length === 0) return found;
    const generation = this.#generation;
    const far = await this.shared.getMany(missing.map((i) => keys[i] as string));
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
    try {
      await this.local.set(key, entry, ttlMs);
    } catch {
      this.#dropLocal(key); // e.g. larger than the local budget: served from the shared tier
    }
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

  bytes(): number {
    return this.local.bytes?.() ?? 0;
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

  #readShared(key: string): Promise<StoredEntry | undefined> {
    const generation = this.#generation;
    return Promise.resolve(this.shared.get(key)).then((entry) => (entry === undefined ? undefined : this.#fill(key, entry, generation)));
  }

  // Keeps a local copy of what the shared tier answered, unless a write or message came in meanwhile;
  // returns the local (frozen) copy when there is one, so every hit sees the same object.
  #fill(key: string, entry: StoredEntry, generation: number): StoredEntry {
    if (generation !== this.#generation) return entry;
    const end = entry.staleUntil ?? entry.expiresAt;
    const ttlMs = end === undefined ? undefined : end - this.#now();
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

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === "function";
}
