/**
 * `keyvStore(adapter)`: any keyv 5 store adapter (`@keyv/redis`, `@keyv/sqlite`, a `Map`, …) as a
 * `CacheStore`. Keys are `<namespace>::<cache>::<key>`; entries are written with `serializeEntry`
 * (keeping Dates, Maps, Sets, BigInts, byte arrays) unless the adapter is an in-process `Map`, which
 * holds read-only entries as they are.
 *
 * We call the adapter directly, not through `Keyv`: its wrapper costs about 4× the async floor even
 * with serialization off (docs/performance.md#memory), and its `clear()` would empty every cache. Expiry is kept
 * in the record as well as passed as the adapter's ttl, because many adapters (a `Map`, sqlite)
 * ignore the ttl. Every adapter failure comes back as a `StoreError` naming the operation and key.
 *
 * A cache's `maxSize` is kept per process, because a keyv adapter has no atomic way to keep a shared
 * count: each partition keeps a `ByteIndex` of the entries this process wrote (counted by `entryBytes`,
 * in order of use by this process's reads and writes) and, after a write takes it past the budget,
 * deletes its least recently used ones from the adapter. Entries other processes wrote, or that this
 * process wrote before it restarted, are not counted here: N processes sharing one adapter hold up to
 * N × maxSize. Without a `maxSize` nothing is indexed, so a process never grows with the keys it writes.
 */
import type { KeyvStoreAdapter } from "keyv";
import type { Clock } from "../contracts/clock.js";
import type { CacheStore, EvictionReason, PartitionOptions, StoredEntry, StoreOptions, StorePartition } from "../contracts/store.js";
import { StoreError } from "../errors.js";
import { serializeEntry, deserializeEntry } from "../serialize/index.js";
import { isPrepared, prepareValue, readOnlyEntry } from "../values/index.js";
import { matchParts } from "../pattern/matches-pattern.js";
import { systemClock } from "../time/clock.js";
import { ByteIndex } from "./byte-index.js";
import { entryBytes } from "./entry-bytes.js";
import { withinBudget } from "./value-too-large.js";

/** What `keyvStore` accepts: a keyv 5 store adapter, or a Map (keyv's default in-memory store). */
export type KeyvAdapter = KeyvStoreAdapter | Map<string, unknown>;

/** Options of `keyvStore`. */
export interface KeyvStoreOptions extends StoreOptions {
  /** First part of every key, so several apps or tests can share one backend. */
  readonly namespace: string;
  /**
   * Write entries as text with `serializeEntry`. `false` stores entry objects as they are: only for
   * in-process Map-like adapters.
   * @default false for a `Map`, true otherwise
   */
  readonly serialize?: boolean | undefined;
}

/**
 * Wraps a keyv 5 store adapter as a store.
 *
 * @example
 * declare const sqlite: KeyvAdapter // new KeyvSqlite("sqlite://cache.db"), from @keyv/sqlite
 * const server = createLayer(app, "server", { store: keyvStore(sqlite, { namespace: "app" }) })
 */
export function keyvStore(adapter: KeyvAdapter, options: KeyvStoreOptions): KeyvStore {
  return new KeyvStore(adapter, options);
}

/**
 * The store `keyvStore` returns.
 *
 * @example
 * const store = new KeyvStore(new Map(), { namespace: "test" })
 */
export class KeyvStore implements CacheStore {
  readonly kind = "keyv";
  readonly #adapter: KeyvAdapter;
  readonly #options: KeyvStoreOptions;

  constructor(adapter: KeyvAdapter, options: KeyvStoreOptions) {
    this.#adapter = adapter;
    this.#options = options;
  }

  partition(cache: string, options: PartitionOptions): KeyvPartition {
    return new KeyvPartition(this.#adapter, {
      cache,
      layer: options.layer ?? this.#options.layer ?? this.kind,
      prefix: `${this.#options.namespace}::${cache}::`,
      serialize: this.#options.serialize ?? !(this.#adapter instanceof Map),
      clock: this.#options.clock ?? systemClock,
      maxSize: options.maxSize,
      onEvict: options.onEvict,
    });
  }
}

interface PartitionSetup {
  readonly cache: string;
  readonly layer: string;
  readonly prefix: string;
  readonly serialize: boolean;
  readonly clock: Clock;
  readonly maxSize: number | undefined;
  readonly onEvict: ((key: string, entry: StoredEntry, reason: EvictionReason) => void) | undefined;
}

// What the per-process budget remembers of an entry this process wrote.
interface BudgetRow {
  readonly bytes: number;
}

// What an unserialized record holds: the read-only entry and when the store may drop it.
interface HeldEntry {
  readonly entry: StoredEntry;
  readonly keepUntil: number | undefined;
}

// Serialized records put their keep-until time first, `{"k":<ms>,"v":…}`, so it reads without a parse.
const KEEP_MARK = '{"k":';

/**
 * A partition of `keyvStore`. Made by `KeyvStore.partition`.
 *
 * @example
 * const users = keyvStore(new Map(), { namespace: "app" }).partition("user_data", {})
 */
export class KeyvPartition implements StorePartition {
  /** Bytes this process wrote and still counts against the cache's `maxSize`; only on a partition with one. */
  readonly bytes?: () => number;
  readonly #adapter: KeyvAdapter;
  readonly #setup: PartitionSetup;
  /** This process's entries of a budgeted cache, least recently used first. */
  readonly #budget: ByteIndex<BudgetRow> | undefined;

  constructor(adapter: KeyvAdapter, setup: PartitionSetup) {
    this.#adapter = adapter;
    this.#setup = setup;
    if (setup.maxSize !== undefined) {
      const budget = new ByteIndex<BudgetRow>();
      this.#budget = budget;
      this.bytes = () => budget.bytes;
    }
  }

  async get(key: string): Promise<StoredEntry | undefined> {
    const raw = await this.#call("get", key, () => this.#adapter.get(this.#setup.prefix + key));
    return this.#read("get", key, raw);
  }

  async getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    if (keys.length === 0) return [];
    const adapter = this.#adapter;
    const full = keys.map((key) => this.#setup.prefix + key);
    const what = keys.length === 1 ? keys[0] : `${keys[0]}, … (${keys.length} keys)`;
    const raws = await this.#call("getMany", what, () =>
      !(adapter instanceof Map) && adapter.getMany ? adapter.getMany(full) : Promise.all(full.map((k) => adapter.get(k))));
    return Promise.all(keys.map((key, i) => this.#read("getMany", key, raws[i])));
  }

  async set(key: string, entry: StoredEntry, ttlMs?: number): Promise<void> {
    const { maxSize, cache, layer } = this.#setup;
    const bytes = this.#budget ? withinBudget(key, entryBytes(key, entry), { cache, layer, maxSize }) : 0;
    const keepUntil = ttlMs === undefined ? undefined : this.#setup.clock.now() + ttlMs;
    // Encoding errors (an unserializable value) are the caller's, thrown before the adapter is touched: the old value stays.
    const record = this.#encode(key, entry, keepUntil);
    const ttl = ttlMs === undefined ? undefined : Math.max(1, Math.ceil(ttlMs));
    await this.#call<unknown>("set", key, () => this.#adapter.set(this.#setup.prefix + key, record, ttl));
    if (this.#budget) {
      this.#budget.set(key, { bytes });
      await this.#evictOver(key);
    }
  }

  async delete(key: string): Promise<boolean> {
    const deleted = await this.#call("delete", key, () => this.#adapter.delete(this.#setup.prefix + key));
    this.#budget?.delete(key);
    return deleted === true;
  }

  async *keys(pattern?: string): AsyncIterable<string> {
    const parts = pattern === undefined ? undefined : pattern.split("*");
    for await (const [key, raw] of this.#records()) {
      if (parts !== undefined && !matchParts(parts, key, undefined)) continue;
      if (this.#expired(raw)) continue;
      yield key;
    }
  }

  async clear(): Promise<void> {
    const keys: string[] = [];
    for await (const [key] of this.#records()) keys.push(key);
    for (const key of keys) await this.delete(key);
    this.#budget?.clear();
  }

  // Deletes this process's least recently used entries (never `keep`, just written) until its count
  // fits the budget; reports each to `onEvict`. A victim whose delete fails stays counted, so the next
  // write tries it again.
  async #evictOver(keep: string): Promise<void> {
    const budget = this.#budget;
    const maxSize = this.#setup.maxSize;
    if (!budget || maxSize === undefined || budget.bytes <= maxSize) return;
    const victims: string[] = [];
    let total = budget.bytes;
    for (const [key, row] of budget) {
      if (total <= maxSize) break;
      if (key === keep) continue;
      victims.push(key);
      total -= row.bytes;
    }
    const onEvict = this.#setup.onEvict;
    await Promise.all(victims.map(async (victim) => {
      const full = this.#setup.prefix + victim;
      let raw: unknown;
      try {
        raw = onEvict ? await this.#adapter.get(full) : undefined;
        await this.#adapter.delete(full);
      } catch {
        return; // the write itself succeeded; an eviction that failed is retried at the next write
      }
      budget.delete(victim);
      let entry: StoredEntry | undefined;
      try {
        entry = raw === undefined || raw === null || this.#expired(raw) ? undefined : this.#decode(raw);
      } catch {
        return; // a record we cannot read was still evicted; there is nothing to report it with
      }
      if (entry) onEvict?.(victim, entry, "size");
    }));
  }

  // This partition's records, with the partition prefix taken off the keys.
  async *#records(): AsyncIterable<[string, unknown]> {
    const { prefix } = this.#setup;
    const namespacePrefix = prefix.slice(0, prefix.length - this.#setup.cache.length - 2);
    const adapter = this.#adapter;
    if (adapter instanceof Map) {
      let records: [string, unknown][];
      try {
        records = [...adapter.keys()].filter((full) => full.startsWith(prefix)).map((full) => [full.slice(prefix.length), adapter.get(full)]);
      } catch (cause) {
        throw this.#error("keys", undefined, cause);
      }
      yield* records;
      return;
    }
    if (typeof adapter.iterator !== "function") {
      throw new StoreError({ layer: this.#setup.layer, store: "keyv", cache: this.#setup.cache, operation: "keys", cause: new TypeError("the keyv adapter has no iterator(), so its keys cannot be listed") });
    }
    let iterator: AsyncIterator<unknown[]>;
    try {
      // keyv adapters list `<namespace><separator>*` and usually strip that prefix; some do not, so accept both.
      iterator = adapter.iterator(prefix.slice(0, -2))[Symbol.asyncIterator]();
    } catch (cause) {
      throw this.#error("keys", undefined, cause);
    }
    for (;;) {
      let step: IteratorResult<unknown[]>;
      try {
        step = await iterator.next();
      } catch (cause) {
        throw this.#error("keys", undefined, cause);
      }
      if (step.done) return;
      const [key, raw] = step.value;
      if (typeof key !== "string") continue;
      if (key.startsWith(prefix)) yield [key.slice(prefix.length), raw];
      else if (!key.startsWith(namespacePrefix)) yield [key, raw]; // already stripped by the adapter
      // else: another cache's key, from an adapter that ignored the namespace it was given

    }
  }

  #encode(key: string, entry: StoredEntry, keepUntil: number | undefined): unknown {
    if (!this.#setup.serialize) {
      const value = isPrepared(entry.value) ? entry.value : prepareValue(entry.value, { key, cache: this.#setup.cache, layer: this.#setup.layer }).value;
      const held: HeldEntry = { entry: readOnlyEntry(value === entry.value ? entry : { ...entry, value }), keepUntil };
      return Object.freeze(held);
    }
    const text = serializeEntry(entry);
    return keepUntil === undefined ? text : `${KEEP_MARK}${keepUntil},${text.slice(1)}`;
  }

  async #read(operation: string, key: string, raw: unknown): Promise<StoredEntry | undefined> {
    if (raw === undefined || raw === null) {
      this.#budget?.delete(key); // deleted or expired elsewhere
      return undefined;
    }
    if (this.#expired(raw)) {
      this.#budget?.delete(key);
      await this.#call("delete", key, () => this.#adapter.delete(this.#setup.prefix + key));
      return undefined;
    }
    let entry: StoredEntry;
    try {
      entry = this.#decode(raw);
    } catch (cause) {
      throw this.#error(operation, key, cause);
    }
    const row = this.#budget?.get(key);
    if (row) this.#budget?.set(key, row); // a read is a use
    return entry;
  }

  #decode(raw: unknown): StoredEntry {
    if (typeof raw === "string") return deserializeEntry(raw);
    if (isHeld(raw)) return raw.entry;
    throw new TypeError(`unexpected record of type ${typeof raw}`);
  }

  #expired(raw: unknown): boolean {
    const keepUntil = typeof raw === "string"
      ? (raw.startsWith(KEEP_MARK) ? Number(raw.slice(KEEP_MARK.length, raw.indexOf(",", KEEP_MARK.length))) : undefined)
      : isHeld(raw) ? raw.keepUntil : undefined;
    return keepUntil !== undefined && keepUntil <= this.#setup.clock.now();
  }

  async #call<T>(operation: string, key: string | undefined, run: () => T | Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (cause) {
      throw this.#error(operation, key, cause);
    }
  }

  #error(operation: string, key: string | undefined, cause: unknown): StoreError {
    return new StoreError({ layer: this.#setup.layer, store: "keyv", cache: this.#setup.cache, key, operation, cause });
  }
}

function isHeld(raw: unknown): raw is HeldEntry {
  return typeof raw === "object" && raw !== null && "entry" in raw && "keepUntil" in raw;
}
