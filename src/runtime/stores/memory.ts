/**
 * `memoryStore`: the edge's default store, a byte-bounded LRU per cache on lru-cache 11.
 *
 * Budgets: a cache with a `maxSize` gets its own lru-cache bounded by it (at most the store's
 * `maxSize`) and evicts only its own entries. Caches without one share the store's `maxSize`: when
 * the store as a whole holds more than that, the least-recently-used entries of those caches go,
 * starting with the cache that holds the most bytes. So the store holds at most
 * `max(maxSize, sum of the caches' own budgets)` bytes, each entry counted by `entryBytes`.
 */
import type { Clock } from "../contracts/clock.js";
import type { CacheStore, PartitionOptions, StoreOptions } from "../contracts/store.js";
import { systemClock } from "../time/clock.js";
import { MemoryPartition } from "./memory-partition.js";
import { parseSizeOption, type SizeString } from "./memory-size-option.js";

/** Options of `memoryStore`. */
export interface MemoryStoreOptions extends StoreOptions {
  /**
   * What this process gives the whole store, as bytes or a size string: the caches without a
   * `maxSize` of their own share it, and no cache's own budget may exceed it.
   * @default "64MB"
   */
  readonly maxSize?: number | SizeString | undefined;
}

const DEFAULT_MAX_SIZE = 64 * 1024 * 1024;

/**
 * An in-process, byte-bounded store whose hits are a synchronous map lookup.
 *
 * @example
 * const edge = createLayer(app, "edge", { store: memoryStore({ maxSize: "50MB" }) })
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  return new MemoryStore(options);
}

/**
 * The store `memoryStore` returns.
 *
 * @example
 * const store = new MemoryStore({ maxSize: 1_000_000 })
 */
export class MemoryStore implements CacheStore {
  readonly kind = "memory";
  /** Its values never leave this process: no schema runs on its hits. */
  readonly trusted = true;
  /** Lists, measures and expires exactly, in the process; no item limit but the store's budget. */
  readonly capabilities = Object.freeze({ listsKeys: true, ttlResolutionMs: 1, exactKeys: true, measuresSize: true } as const);
  readonly maxSize: number;
  readonly #clock: Clock;
  readonly #layer: string;
  readonly #partitions = new Map<string, MemoryPartition>();

  constructor(options: MemoryStoreOptions = {}) {
    this.maxSize = options.maxSize === undefined ? DEFAULT_MAX_SIZE : parseSizeOption(options.maxSize, "maxSize");
    this.#clock = options.clock ?? systemClock;
    this.#layer = options.layer ?? this.kind;
  }

  /** Opens (once) the partition of a cache; later calls return the same one. */
  partition(cache: string, options: PartitionOptions): MemoryPartition {
    let partition = this.#partitions.get(cache);
    if (!partition) {
      const own = options.maxSize;
      const common = { clock: this.#clock, layer: this.#layer };
      const budget =
        own === undefined ?
          { ...common, maxSize: this.maxSize, shared: true }
        : { ...common, maxSize: Math.min(parseSizeOption(own, "partition maxSize"), this.maxSize), shared: false };
      partition = new MemoryPartition(cache, options, budget, () => this.#keepBudget());
      this.#partitions.set(cache, partition);
    }
    return partition;
  }

  /** Bytes held by every cache of the store. */
  bytes(): number {
    let total = 0;
    for (const partition of this.#partitions.values()) total += partition.bytes();
    return total;
  }

  /** A memory store cannot tell which entries missed an invalidation: drops everything. */
  async dropVolatile(): Promise<void> {
    await Promise.all([...this.#partitions.values()].map((partition) => partition.clear()));
  }

  async close(): Promise<void> {
    await this.dropVolatile();
  }

  // Called after each set; with one or two partitions the sum is a couple of additions.
  #keepBudget(): void {
    let over = this.bytes() - this.maxSize;
    while (over > 0) {
      const victim = this.#largestShared();
      if (!victim) return;
      const before = victim.bytes();
      if (!victim.evictOldest()) return;
      over -= before - victim.bytes();
    }
  }

  // The shared-budget partition holding the most bytes. If that is the one just written to, its oldest
  // entry goes, never the new one (lru-cache keeps it most recent).
  #largestShared(): MemoryPartition | undefined {
    let best: MemoryPartition | undefined;
    for (const partition of this.#partitions.values()) {
      if (!partition.shared || partition.bytes() === 0) continue;
      if (!best || partition.bytes() > best.bytes()) best = partition;
    }
    return best;
  }
}
