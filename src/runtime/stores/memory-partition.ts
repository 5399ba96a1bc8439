/**
 * One cache's slice of `memoryStore`: its own lru-cache, bounded by the cache's byte budget, so a burst
 * in one cache evicts only that cache's least-recently-used entries. `get` answers synchronously: a hit
 * is one lru-cache lookup, with no clone and no promise (values are made read-only at `set` instead).
 */
import { LRUCache } from "lru-cache";
import type { Clock } from "../contracts/clock.js";
import type { PartitionOptions, StoredEntry, StorePartition } from "../contracts/store.js";
import { isPrepared, prepareValue, readOnlyEntry } from "../values/index.js";
import { systemClock } from "../time/clock.js";
import { matchParts } from "../pattern/matches-pattern.js";
import { entryBytes } from "./entry-bytes.js";
import { withinBudget } from "./value-too-large.js";

/** How a memory partition is bounded and timed, as its store decides. */
export interface MemoryBudget {
  readonly maxSize: number;
  readonly shared: boolean;
  readonly clock: Clock;
  /** The layer named in `ValueError`s when the partition options name none. */
  readonly layer: string;
}

/**
 * A partition of `memoryStore`. Made by `MemoryStore.partition`.
 *
 * @example
 * const users = memoryStore({ maxSize: "10MB" }).partition("user_data", { maxSize: 1_000_000 })
 * users.set("user:1", { value: { name: "Ada" }, storedAt: Date.now() })
 * users.get("user:1")?.value //=> { name: "Ada" } (frozen)
 */
export class MemoryPartition implements StorePartition {
  readonly cache: string;
  /** The byte budget of this partition. */
  readonly maxSize: number;
  /** `true` when the cache has no `maxSize` of its own and shares the store's budget. */
  readonly shared: boolean;
  readonly #lru: LRUCache<string, StoredEntry>;
  readonly #afterSet: (partition: MemoryPartition) => void;
  readonly #layer: string;

  constructor(cache: string, options: PartitionOptions, budget: MemoryBudget, afterSet: (partition: MemoryPartition) => void) {
    this.cache = cache;
    this.maxSize = budget.maxSize;
    this.shared = budget.shared;
    this.#afterSet = afterSet;
    this.#layer = options.layer ?? budget.layer;
    const onEvict = options.onEvict;
    this.#lru = new LRUCache<string, StoredEntry>({
      maxSize: budget.maxSize,
      // lru-cache reads ttl time through `perf`. A given clock (a test's) is read on every check:
      // lru-cache otherwise keeps one "now" for 1 ms, which only the real clock can afford.
      perf: budget.clock,
      ...(budget.clock === systemClock ? {} : { ttlResolution: 0 }),
      // Only drops the store decides on reach the layer; its own delete/replace/clear do not.
      ...(onEvict ?
        {
          dispose: (entry, key, reason) => {
            if (reason === "evict") onEvict(key, entry, "size");
            else if (reason === "expire") onEvict(key, entry, "expired");
          },
        }
      : {}),
    });
  }

  get(key: string): StoredEntry | undefined {
    return this.#lru.get(key);
  }

  getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    return Promise.resolve(keys.map((key) => this.#lru.get(key)));
  }

  /**
   * Stores an entry; refuses (synchronously, keeping the old value) one larger than the budget.
   * A value no layer prepared is prepared here, so the store is safe on its own too.
   */
  set(key: string, entry: StoredEntry, ttlMs?: number): void {
    let value = entry.value;
    if (!isPrepared(value)) value = prepareValue(value, { key, cache: this.cache, layer: this.#layer }).value;
    const prepared = value === entry.value ? entry : { ...entry, value };
    const size = withinBudget(key, entryBytes(key, prepared), { cache: this.cache, layer: this.#layer, maxSize: this.maxSize });
    const stored = readOnlyEntry(prepared);
    this.#lru.set(key, stored, { size, ...(ttlMs === undefined ? {} : { ttl: Math.max(1, Math.ceil(ttlMs)) }) });
    this.#afterSet(this);
  }

  delete(key: string): boolean {
    return this.#lru.delete(key);
  }

  async *keys(pattern?: string): AsyncIterable<string> {
    const parts = pattern === undefined ? undefined : pattern.split("*");
    // A snapshot: the caller may delete while it iterates.
    for (const key of [...this.#lru.keys()]) {
      if (parts === undefined || matchParts(parts, key, undefined)) yield key;
    }
  }

  clear(): Promise<void> {
    this.#lru.clear();
    return Promise.resolve();
  }

  bytes(): number {
    return this.#lru.calculatedSize;
  }

  /** Evicts this partition's least-recently-used entry (the store calls it to keep its own budget); `false` when empty. */
  evictOldest(): boolean {
    return this.#lru.pop() !== undefined;
  }
}
