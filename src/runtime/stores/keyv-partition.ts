/**
 * One cache's slice of a `keyvStore`: keys `<namespace>::<cache>::<key>` (escaped, see keyv-keys.ts),
 * records as keyv-record.ts writes them, every adapter call through the store's `KeyvConnection`.
 *
 * A cache's `maxSize` is kept per process, because a keyv adapter has no atomic way to keep a shared
 * count: the partition keeps a `ByteIndex` of the entries this process wrote (counted by `entryBytes`,
 * in order of use by this process's reads and writes) and, after a write takes it past the budget,
 * deletes its least recently used ones from the adapter. Entries other processes wrote, or that this
 * process wrote before it restarted, are not counted: N processes sharing one adapter hold up to
 * N × maxSize. Without a `maxSize` nothing is indexed, so a process never grows with the keys it writes.
 */
import type { Clock } from "../contracts/clock.js";
import type { EvictionReason, StoredEntry, StoredWrite, StorePartition } from "../contracts/store.js";
import { ValueError } from "../errors.js";
import { matchParts } from "../pattern/matches-pattern.js";
import { allChunksPattern, parseChunkKey } from "../streaming/chunk-keys.js";
import { isPrepared, prepareValue, readOnlyEntry } from "../values/index.js";
import { ByteIndex } from "./byte-index.js";
import { entryBytes } from "./entry-bytes.js";
import type { KeyvAdapterProfile } from "./keyv-adapters.js";
import type { KeyvConnection } from "./keyv-connection.js";
import { escapeKey, unescapeKey, type KeyEscaping } from "./keyv-keys.js";
import { decodeRecord, encodeRecord, recordKeepUntil, type HeldEntry } from "./keyv-record.js";
import { cannotListAtRunTimeMessage, valueTooLargeForStoreMessage } from "./store-fit-messages.js";
import { StoreCapabilityError } from "./store-fits.js";
import { withinBudget } from "./value-too-large.js";

/** Everything a partition is built from (`KeyvStore.partition` fills it in). */
export interface KeyvPartitionSetup {
  readonly cache: string;
  readonly layer: string;
  /** `<namespace>::<cache>`, escaped: what the adapter's iterator is given. */
  readonly listNamespace: string;
  /** `<namespace>::`, escaped: keys under it but not under `listNamespace` belong to other caches. */
  readonly namespacePrefix: string;
  readonly escaping: KeyEscaping;
  /** Write records as text (`false`: frozen entries, for an in-process Map). */
  readonly serialize: boolean;
  readonly profile: KeyvAdapterProfile | undefined;
  readonly listsKeys: boolean;
  readonly maxItemBytes: number | undefined;
  /** The store as errors name it: "keyv (@keyv/mysql)". */
  readonly label: string;
  readonly clock: Clock;
  readonly connection: KeyvConnection;
  readonly maxSize: number | undefined;
  readonly onEvict: ((key: string, entry: StoredEntry, reason: EvictionReason) => void) | undefined;
}

// What the per-process budget remembers of an entry this process wrote.
interface BudgetRow {
  readonly bytes: number;
}

/**
 * A partition of `keyvStore`. Made by `KeyvStore.partition`.
 *
 * @example
 * const users = keyvStore(new Map(), { namespace: "app" }).partition("user_data", {})
 */
export class KeyvPartition implements StorePartition {
  /** Bytes this process wrote and still counts against the cache's `maxSize`; only on a partition with one. */
  readonly bytes?: () => number;
  readonly #setup: KeyvPartitionSetup;
  readonly #connection: KeyvConnection;
  /** `<namespace>::<cache>::`, escaped. */
  readonly #prefix: string;
  /** This process's entries of a budgeted cache, least recently used first. */
  readonly #budget: ByteIndex<BudgetRow> | undefined;

  constructor(setup: KeyvPartitionSetup) {
    this.#setup = setup;
    this.#connection = setup.connection;
    this.#prefix = `${setup.listNamespace}::`;
    if (setup.maxSize !== undefined) {
      const budget = new ByteIndex<BudgetRow>();
      this.#budget = budget;
      this.bytes = () => budget.bytes;
    }
  }

  get(key: string): Promise<StoredEntry | undefined> {
    return this.#connection.get(this.#setup, key, this.#full(key), this.#readHit);
  }

  // `get`'s answer, read: made once, so a hit makes no closure of its own.
  readonly #readHit = (raw: unknown, key: string | undefined): StoredEntry | undefined | Promise<undefined> => this.#read("get", key!, raw);

  async getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    if (keys.length === 0) return [];
    const full = keys.map((key) => this.#full(key));
    const what = keys.length === 1 ? keys[0] : `${keys[0]}, … (${keys.length} keys)`;
    const raws = await this.#connection.call(this.#setup, "getMany", what, (adapter) =>
      !(adapter instanceof Map) && adapter.getMany ? adapter.getMany(full) : Promise.all(full.map(async (k): Promise<unknown> => adapter.get(k))),
    );
    // #read answers a promise only for a record it had to drop (expired or unreadable).
    return Promise.all(keys.map(async (key, i) => this.#read("getMany", key, raws[i])));
  }

  async set(key: string, entry: StoredEntry, ttlMs?: number): Promise<void> {
    const { maxSize, cache, layer } = this.#setup;
    const bytes = this.#budget ? withinBudget(key, entryBytes(key, entry), { cache, layer, maxSize }) : 0;
    const keepUntil = ttlMs === undefined ? undefined : this.#setup.clock.now() + ttlMs;
    // Encoding errors (an unserializable value, one too large for the backend) are the caller's, thrown before the adapter is touched: the old value stays.
    const record = this.#encode(key, entry, keepUntil);
    const ttl = ttlMs === undefined ? undefined : (this.#setup.profile?.ttl?.(ttlMs) ?? Math.max(1, Math.ceil(ttlMs)));
    const full = this.#full(key);
    await this.#connection.call(this.#setup, "set", key, async (adapter) => {
      await adapter.set(full, record, ttl);
    });
    if (this.#budget) {
      this.#budget.set(key, { bytes });
      await this.#evictOver(key);
    }
  }

  /**
   * `set` for each entry, in one adapter call where the adapter has keyv 5's `setMany` (@keyv/redis
   * sends one MULTI per slot); else a `set` each, all at once. A budgeted cache goes key by key (its
   * per-process budget counts each write).
   */
  async setMany(entries: readonly StoredWrite[]): Promise<void> {
    const adapter = this.#connection.adapter;
    if (this.#budget || adapter instanceof Map || !adapter.setMany) {
      await Promise.all(entries.map(({ key, entry, ttlMs }) => this.set(key, entry, ttlMs)));
      return;
    }
    const now = this.#setup.clock.now();
    const values = entries.map(({ key, entry, ttlMs }) => {
      const record = this.#encode(key, entry, ttlMs === undefined ? undefined : now + ttlMs);
      const ttl = ttlMs === undefined ? undefined : (this.#setup.profile?.ttl?.(ttlMs) ?? Math.max(1, Math.ceil(ttlMs)));
      return ttl === undefined ? { key: this.#full(key), value: record } : { key: this.#full(key), value: record, ttl };
    });
    const what = entries.length === 1 ? entries[0]!.key : `${entries[0]?.key ?? ""}, … (${entries.length} keys)`;
    await this.#connection.call(this.#setup, "setMany", what, (connected) => connected.setMany!(values));
  }

  /** `delete` for each key, in one adapter call where the adapter has keyv 5's `deleteMany`; whether any was there. */
  async deleteMany(keys: readonly string[]): Promise<boolean> {
    const adapter = this.#connection.adapter;
    if (adapter instanceof Map || !adapter.deleteMany) return (await Promise.all(keys.map((key) => this.delete(key)))).includes(true);
    const what = keys.length === 1 ? keys[0]! : `${keys[0] ?? ""}, … (${keys.length} keys)`;
    const deleted = await this.#connection.call(this.#setup, "deleteMany", what, (connected) => connected.deleteMany!(keys.map((key) => this.#full(key))));
    for (const key of keys) this.#budget?.delete(key);
    return deleted === true;
  }

  async delete(key: string): Promise<boolean> {
    const full = this.#full(key);
    const deleted = await this.#connection.call(this.#setup, "delete", key, (adapter) => adapter.delete(full));
    this.#budget?.delete(key);
    return deleted === true;
  }

  async *keys(pattern?: string): AsyncIterable<string> {
    const parts = pattern === undefined ? undefined : pattern.split("*");
    const call = pattern === allChunksPattern ? "sweepChunks()" : `keys('${pattern ?? "*"}')`;
    for await (const [key, raw] of this.#records("keys", pattern, call)) {
      if (parts !== undefined && !matchParts(parts, key, undefined)) continue;
      if (this.#expired(raw)) continue;
      yield key;
    }
  }

  async clear(): Promise<void> {
    const keys: string[] = [];
    for await (const [key] of this.#records("clear", undefined, "clear()")) keys.push(key);
    for (const key of keys) await this.delete(key);
    this.#budget?.clear();
  }

  #full(key: string): string {
    return this.#prefix + escapeKey(key, this.#setup.escaping);
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
    await Promise.all(
      victims.map(async (victim) => {
        const full = this.#full(victim);
        let raw: unknown;
        try {
          raw = onEvict ? await this.#connection.call(this.#setup, "evict", victim, (adapter) => adapter.get(full)) : undefined;
          await this.#connection.call(this.#setup, "evict", victim, (adapter) => adapter.delete(full));
        } catch {
          return; // the write itself succeeded; an eviction that failed is retried at the next write
        }
        budget.delete(victim);
        let entry: StoredEntry | undefined;
        try {
          entry = raw === undefined || raw === null || this.#expired(raw) ? undefined : decodeRecord(raw);
        } catch {
          return; // a record we cannot read was still evicted; there is nothing to report it with
        }
        if (entry) onEvict?.(victim, entry, "size");
      }),
    );
  }

  /**
   * This partition's records, keys unescaped and without the partition prefix. Each step of the
   * adapter's iterator is one call (a deadline each); an error event of the adapter during the
   * listing fails it: a listing that saw an error is a `StoreError`, never a short result.
   */
  async *#records(operation: string, what: string | undefined, call: string): AsyncIterable<[string, unknown]> {
    const { profile, listNamespace, namespacePrefix } = this.#setup;
    if (!this.#setup.listsKeys) {
      throw new StoreCapabilityError(cannotListAtRunTimeMessage(call, this.#setup.cache, this.#setup.label, this.#setup.layer), {
        need: "listsKeys",
        layer: this.#setup.layer,
        store: "keyv",
        cache: this.#setup.cache,
        operation,
        key: what,
      });
    }
    const adapter = this.#connection.adapter;
    if (adapter instanceof Map) {
      const records = await this.#connection.call(this.#setup, operation, what, () =>
        [...(adapter as Map<string, unknown>).keys()]
          .filter((full) => full.startsWith(this.#prefix))
          .map((full): [string, unknown] => [unescapeKey(full.slice(this.#prefix.length)), adapter.get(full)]),
      );
      yield* records;
      return;
    }
    const source = profile?.list?.(adapter, listNamespace) ?? adapter.iterator?.(listNamespace);
    if (!source) throw this.#connection.error(this.#setup, operation, what, new TypeError("the keyv adapter has no iterator(), so its keys cannot be listed"));
    const errorsBefore = this.#connection.errorCount;
    const iterator = (source as AsyncIterable<readonly [unknown, unknown]>)[Symbol.asyncIterator]();
    const separator = profile?.stripsNamespace ? ((adapter as { keyPrefixSeparator?: string }).keyPrefixSeparator ?? "::") : "";
    for (;;) {
      const step = await this.#connection.call(this.#setup, operation, what, () => iterator.next());
      if (this.#connection.errorCount !== errorsBefore) {
        void Promise.resolve()
          .then(() => iterator.return?.())
          .catch(() => {});
        throw this.#connection.adapterError(this.#setup, operation, what);
      }
      if (step.done) return;
      const [stored, raw] = step.value;
      if (typeof stored !== "string") continue;
      const full = profile?.stripsNamespace ? `${listNamespace}${separator}${stored}` : stored;
      if (full.startsWith(this.#prefix)) yield [unescapeKey(full.slice(this.#prefix.length)), raw];
      // An adapter the table does not know may strip the namespace it was given: take a key that does
      // not look like one of ours as already stripped (another cache's keys start with the namespace).
      else if (!profile && !full.startsWith(namespacePrefix)) yield [unescapeKey(full), raw];
    }
  }

  #encode(key: string, entry: StoredEntry, keepUntil: number | undefined): unknown {
    const { cache, layer } = this.#setup;
    if (!this.#setup.serialize) {
      const value = isPrepared(entry.value) ? entry.value : prepareValue(entry.value, { key, cache, layer }).value;
      const held: HeldEntry = { entry: readOnlyEntry(value === entry.value ? entry : { ...entry, value }), keepUntil };
      return Object.freeze(held);
    }
    const record = encodeRecord(entry, keepUntil, this.#setup.profile?.quoted === true);
    const max = this.#setup.maxItemBytes;
    if (max !== undefined && record.length > max / 3) {
      const bytes = utf8Length(record);
      if (bytes > max) {
        const shown = parseChunkKey(key)?.key ?? key;
        throw new ValueError(valueTooLargeForStoreMessage(shown, cache, String(bytes), this.#setup.label, layer, String(max)), shown, cache, layer);
      }
    }
    return record;
  }

  // Synchronous for a live record (a hit costs no extra promise); an expired one is deleted first.
  #read(operation: string, key: string, raw: unknown): StoredEntry | undefined | Promise<undefined> {
    if (raw === undefined || raw === null) {
      this.#budget?.delete(key); // deleted or expired elsewhere
      return undefined;
    }
    if (this.#expired(raw)) {
      this.#budget?.delete(key);
      const full = this.#full(key);
      return this.#connection.call(
        this.#setup,
        "delete",
        key,
        (adapter) => adapter.delete(full),
        () => undefined,
      );
    }
    let entry: StoredEntry | undefined;
    try {
      entry = decodeRecord(raw);
    } catch (cause) {
      throw this.#connection.error(this.#setup, operation, key, cause);
    }
    if (entry === undefined) {
      this.#budget?.delete(key);
      return undefined;
    }
    const row = this.#budget?.get(key);
    if (row) this.#budget?.set(key, row); // a read is a use
    return entry;
  }

  #expired(raw: unknown): boolean {
    const keepUntil = recordKeepUntil(raw);
    return keepUntil !== undefined && keepUntil <= this.#setup.clock.now();
  }
}

/** UTF-8 length of a string, without encoding it. */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) bytes += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return bytes;
}
