/**
 * One cache's slice of `memoryStore`: its own lru-cache, bounded by the cache's byte budget, so a burst
 * in one cache evicts only that cache's least-recently-used entries. `get` answers synchronously: a hit
 * is one lru-cache lookup, with no clone and no promise (values are made read-only at `set` instead).
 */
import { LRUCache } from "lru-cache";
import type { PartitionOptions, StoredEntry, StorePartition } from "../contracts/store.js";
import { ValueError } from "../errors.js";
import { valueTooLargeMessage } from "../messages/value.js";
import { isPrepared, prepareValue, valueBytes, readOnlyEntry } from "../values/index.js";
import { stringBytes } from "../values/value-size.js";
import { matchParts } from "../pattern/matches-pattern.js";

/** lru-cache's bookkeeping per entry (key map slot, list links, size, ttl start and length) plus our frozen entry object. */
export const ENTRY_OVERHEAD = 120;

/** The clock lru-cache reads for ttl: `performance` by default, a fake one in tests. */
export interface Clock {
  now(): number;
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

  constructor(cache: string, options: PartitionOptions, budget: { maxSize: number; shared: boolean; clock: Clock | undefined }, afterSet: (partition: MemoryPartition) => void) {
    this.cache = cache;
    this.maxSize = budget.maxSize;
    this.shared = budget.shared;
    this.#afterSet = afterSet;
    // A layer may name itself in the options (as for redisStore), for the ValueErrors below.
    this.#layer = (options as { layer?: string }).layer ?? "";
    const onEvict = options.onEvict;
    this.#lru = new LRUCache<string, StoredEntry>({
      maxSize: budget.maxSize,
      // With a given clock (tests), read it on every check: lru-cache otherwise caches "now" for 1 ms.
      ...(budget.clock ? { perf: budget.clock, ttlResolution: 0 } : {}),
      // Only drops the store decides on reach the layer; its own delete/replace/clear do not.
      ...(onEvict ? {
        dispose: (entry, key, reason) => {
          if (reason === "evict") onEvict(key, entry, "size");
          else if (reason === "expire") onEvict(key, entry, "expired");
        },
      } : {}),
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
    const size = valueBytes(value) + stringBytes(key) + ENTRY_OVERHEAD;
    if (size > this.maxSize) {
      const message = valueTooLargeMessage(key, this.cache, String(size), String(this.maxSize));
      throw new ValueError(message, key, this.cache, this.#layer);
    }
    const stored = readOnlyEntry(value === entry.value ? entry : { ...entry, value });
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
