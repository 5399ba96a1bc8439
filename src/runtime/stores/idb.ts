import { entries, promisifyRequest, type UseStore } from "idb-keyval";
import { ByteIndex } from "./byte-index.js";
import type { Clock } from "../contracts/clock.js";
import type { CacheStore, FillLease, PartitionOptions, StoredEntry, StoreOptions, StorePartition } from "../contracts/store.js";
import { StoreError } from "../errors.js";
import { systemClock } from "../time/clock.js";
import { entryBytes } from "./entry-bytes.js";
import { withinBudget } from "./value-too-large.js";
import { storeCall, type StoreSite } from "./store-call.js";
import { matchesPattern } from "../pattern/index.js";

/** Options of `idbStore`. */
export interface IdbStoreOptions extends StoreOptions {
  /** The IndexedDB to use (a worker's, a test's). @default globalThis.indexedDB */
  readonly indexedDB?: IDBFactory | undefined;
}

/** An `idbStore`: a `CacheStore` plus the means to drop every database it made. */
export interface IdbStore extends CacheStore {
  /** Deletes every IndexedDB database of this store (all its partitions, opened or not), and nothing else. */
  destroy(): Promise<void>;
}

/** What the `meta` object store keeps per key: enough to budget bytes and expire without reading values. */
interface EntryMeta {
  bytes: number;
  usedAt: number;
  dropAt: number | undefined;
}

/** A load in progress in some tab (see `IdbPartition.lease`): kept in `entries` under `[LEASE, key]`. */
interface LeaseRecord {
  token: string;
  until: number;
}

const ENTRIES = "entries";
const META = "meta";
const PREFIX = "borrowcache/";
/** First element of a lease's key. An array key never equals an entry's (string) key, and `keys()` skips it. */
const LEASE = "lease";
const BUSY: FillLease = Object.freeze({ busy: true });

/**
 * A `CacheStore` over IndexedDB, for the client layer. Each cache gets its own database
 * (`borrowcache/<name>/<cache>`) holding two object stores, `entries` and `meta`: idb-keyval's
 * `createStore` cannot add an object store to an existing database, so both are made when the database
 * is, and a set writes value and metadata in one transaction. Values are kept by structured clone
 * (Date, Map, Set, BigInt and byte arrays keep their types; no JSON). The cache's `maxSize` bounds its
 * partition's bytes (`entryBytes`), the least recently used entries going first, in the same
 * transaction as the write. Every IndexedDB failure comes back as a `StoreError`.
 *
 * Tabs of one origin share the databases, so a miss takes a fill lease (G1 across tabs, as on Redis):
 * `lease` records the loading tab's token next to the key, every `set`, `delete` and `clear` removes
 * it, and `fill` stores only while it is still there — each one readwrite transaction, which IndexedDB
 * runs one after another across tabs.
 *
 * @example
 * const client = createLayer(app, "client", { store: idbStore("shop"), remotes: { edge: remoteLayer("https://edge.example/") } })
 */
export function idbStore(name: string, options: IdbStoreOptions = {}): IdbStore {
  const prefix = `${PREFIX}${encodeURIComponent(name)}/`;
  const clock = options.clock ?? systemClock;
  const layer = options.layer ?? KIND;
  const factory = (): IDBFactory => options.indexedDB ?? globalThis.indexedDB;
  const opened = new Map<string, IdbPartition>();
  return {
    kind: KIND,
    // IndexedDB keys compare exactly; expiry is checked at each read and the index lists and measures.
    capabilities: Object.freeze({ listsKeys: true, ttlResolutionMs: 1, exactKeys: true, measuresSize: true } as const),
    partition(cache: string, partitionOptions: PartitionOptions): StorePartition {
      const dbName = `${prefix}${encodeURIComponent(cache)}`;
      const existing = opened.get(dbName);
      if (existing) return existing;
      const site = { layer: partitionOptions.layer ?? layer, store: KIND, cache };
      const partition = new IdbPartition(factory, dbName, site, partitionOptions, clock);
      opened.set(dbName, partition);
      return partition;
    },
    async close() {
      await Promise.all([...opened.values()].map((p) => p.close()));
      opened.clear();
    },
    async destroy() {
      const names = new Set(opened.keys());
      try {
        await Promise.all([...opened.values()].map((p) => p.close()));
        opened.clear();
        // `databases()` finds partitions made by an earlier page load; absent in old browsers, where only opened ones go.
        const idb = factory();
        const listed = typeof idb.databases === "function" ? await idb.databases() : [];
        for (const db of listed) if (db.name?.startsWith(prefix)) names.add(db.name);
        await Promise.all([...names].map((db) => promisifyRequest(idb.deleteDatabase(db))));
      } catch (cause) {
        throw new StoreError({ layer, store: KIND, operation: "destroy", cause });
      }
    },
  };
}

const KIND = "idb";

/** One cache's database. Keeps an in-memory index of `meta` (loaded once) so budgets need no scan. */
class IdbPartition implements StorePartition {
  readonly #factory: () => IDBFactory;
  readonly #dbName: string;
  readonly #site: StoreSite;
  readonly #maxSize: number | undefined;
  readonly #onEvict: PartitionOptions["onEvict"];
  readonly #clock: Clock;
  #db: Promise<IDBDatabase> | undefined;
  /** Key → meta, in least-recently-used-first order (a touch deletes and re-inserts). */
  #index: Promise<ByteIndex<EntryMeta>> | undefined;
  /** The index's rows, filled by `#loadIndex`; kept here so `bytes()` answers without waiting. */
  readonly #rows = new ByteIndex<EntryMeta>();

  constructor(factory: () => IDBFactory, dbName: string, site: StoreSite, options: PartitionOptions, clock: Clock) {
    this.#factory = factory;
    this.#dbName = dbName;
    this.#site = site;
    this.#maxSize = options.maxSize;
    this.#onEvict = options.onEvict;
    this.#clock = clock;
  }

  async get(key: string): Promise<StoredEntry | undefined> {
    const [found] = await this.#read("get", key, [key]);
    return found;
  }

  getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    return this.#read("getMany", keys.length === 1 ? keys[0] : `${keys[0]}, … (${keys.length} keys)`, keys);
  }

  async set(key: string, entry: StoredEntry, ttlMs?: number): Promise<void> {
    await storeCall(this.#site, "set", key, () => this.#write(key, entry, ttlMs, undefined));
  }

  /**
   * Marks `key` as being loaded by this tab, in one readwrite transaction (see `StorePartition.lease`):
   * a value there comes back with a new lease over it; another tab's unexpired lease is `busy`.
   */
  lease(key: string, ttlMs: number): Promise<FillLease> {
    return storeCall(this.#site, "lease", key, async () => {
      const db = await this.#open();
      const tx = db.transaction([ENTRIES, META], "readwrite");
      const values = tx.objectStore(ENTRIES);
      const at = this.#clock.now();
      const token = globalThis.crypto.randomUUID();
      const found = values.get(key) as IDBRequest<StoredEntry | undefined>;
      // The meta as stored, not this tab's index: another tab may have written the key.
      const meta = tx.objectStore(META).get(key) as IDBRequest<EntryMeta | undefined>;
      const held = values.get([LEASE, key]) as IDBRequest<LeaseRecord | undefined>;
      let lease: FillLease = BUSY;
      // Requests of a transaction complete in order: when the lease is read, so are the entry and its meta.
      held.onsuccess = () => {
        const dropAt = meta.result?.dropAt;
        const entry = found.result !== undefined && (dropAt === undefined || dropAt > at) ? found.result : undefined;
        if (entry === undefined && held.result !== undefined && held.result.until > at) return;
        values.put({ token, until: at + ttlMs } satisfies LeaseRecord, [LEASE, key]);
        lease = entry === undefined ? { granted: token } : { granted: token, entry };
      };
      await promisifyRequest(tx);
      return lease;
    });
  }

  /** Frees this tab's lease on `key` (its load stored nothing), in one readwrite transaction: another tab's stays. */
  release(key: string, token: string): Promise<void> {
    return storeCall(this.#site, "release", key, async () => {
      const db = await this.#open();
      const tx = db.transaction(ENTRIES, "readwrite");
      const values = tx.objectStore(ENTRIES);
      const held = values.get([LEASE, key]) as IDBRequest<LeaseRecord | undefined>;
      held.onsuccess = () => {
        if (held.result?.token === token) values.delete([LEASE, key]);
      };
      await promisifyRequest(tx);
    });
  }

  /** Stores `entry` only while `key` holds this tab's lease `token`, in one readwrite transaction. */
  fill(key: string, entry: StoredEntry, ttlMs: number | undefined, token: string): Promise<boolean> {
    return storeCall(this.#site, "fill", key, () => this.#write(key, entry, ttlMs, token));
  }

  delete(key: string): Promise<boolean> {
    return storeCall(this.#site, "delete", key, async () => {
      const index = await this.#loadIndex();
      const db = await this.#open();
      const tx = db.transaction([ENTRIES, META], "readwrite");
      const values = tx.objectStore(ENTRIES);
      const had = promisifyRequest(values.count(key));
      values.delete(key);
      values.delete([LEASE, key]);
      tx.objectStore(META).delete(key);
      await promisifyRequest(tx);
      index.delete(key);
      return (await had) > 0;
    });
  }

  async *keys(pattern?: string): AsyncIterable<string> {
    const [index, stored] = await storeCall(this.#site, "keys", pattern, async () => {
      const index = await this.#loadIndex();
      const db = await this.#open();
      return [index, await promisifyRequest(db.transaction(ENTRIES, "readonly").objectStore(ENTRIES).getAllKeys())] as const;
    });
    const at = this.#clock.now();
    const listed = new Set<string>();
    for (const stored_ of stored) {
      // A key holding only another tab's lease is listed too: a pattern invalidation must reach the load
      // in flight there (its delete removes the lease, so that load's fill is refused).
      const key =
        typeof stored_ === "string" ? stored_
        : Array.isArray(stored_) && stored_[0] === LEASE && typeof stored_[1] === "string" ? stored_[1]
        : undefined;
      if (key === undefined || listed.has(key)) continue;
      const dropAt = typeof stored_ === "string" ? index.get(key)?.dropAt : undefined;
      if (dropAt !== undefined && dropAt <= at) continue;
      if (pattern !== undefined && !matchesPattern(pattern, key)) continue;
      listed.add(key);
      yield key;
    }
  }

  clear(): Promise<void> {
    return storeCall(this.#site, "clear", undefined, async () => {
      const index = await this.#loadIndex();
      const db = await this.#open();
      const tx = db.transaction([ENTRIES, META], "readwrite");
      tx.objectStore(ENTRIES).clear();
      tx.objectStore(META).clear();
      await promisifyRequest(tx);
      index.clear();
    });
  }

  bytes(): number {
    return this.#rows.bytes;
  }

  /**
   * Another tab wrote or dropped `key` in the IndexedDB every tab of the origin shares: the entry is
   * not this tab's copy, so nothing is deleted (a delete here would drop the value the writer just
   * stored). Only this tab's index of sizes and expiry times is read again at next use: an expiry
   * kept from before the write would otherwise drop the new entry as expired.
   */
  forgetLocal(_key: string): void {
    this.#index = undefined;
  }

  /** See `forgetLocal`. */
  forgetLocalPattern(_pattern: string): void {
    this.#index = undefined;
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    this.#index = undefined;
    if (db) (await db.catch(() => undefined))?.close();
  }

  async #read(operation: string, what: string | undefined, keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    if (keys.length === 0) return [];
    const index = await storeCall(this.#site, operation, what, () => this.#loadIndex());
    const found = await storeCall(this.#site, operation, what, async () => {
      const store = (await this.#open()).transaction(ENTRIES, "readonly").objectStore(ENTRIES);
      return Promise.all(keys.map((key) => promisifyRequest(store.get(key) as IDBRequest<StoredEntry | undefined>)));
    });
    const at = this.#clock.now();
    const expired: [string, StoredEntry][] = [];
    const touched: [string, EntryMeta][] = [];
    const answers = keys.map((key, i) => {
      const entry = found[i];
      const meta = index.get(key);
      if (entry === undefined) return undefined;
      if (meta?.dropAt !== undefined && meta.dropAt <= at) {
        expired.push([key, entry]);
        return undefined;
      }
      const fresh: EntryMeta = { bytes: meta?.bytes ?? entryBytes(key, entry), usedAt: at, dropAt: meta?.dropAt };
      index.set(key, fresh);
      touched.push([key, fresh]);
      return entry;
    });
    if (expired.length > 0) await storeCall(this.#site, operation, what, () => this.#drop(expired, "expired"));
    // Recency survives a reload, but a failed touch must not fail a read.
    if (touched.length > 0) this.#writeMeta(touched).catch(() => undefined);
    return answers;
  }

  /**
   * Writes `entry` with its meta, evicting what no longer fits, in one transaction; with a `token`, only
   * if `key` still holds that lease (a fill). Any write removes the key's lease. Resolves whether it wrote.
   */
  async #write(key: string, entry: StoredEntry, ttlMs: number | undefined, token: string | undefined): Promise<boolean> {
    const bytes = withinBudget(key, entryBytes(key, entry), { ...this.#site, maxSize: this.#maxSize });
    const index = await this.#loadIndex();
    const at = this.#clock.now();
    const meta: EntryMeta = { bytes, usedAt: at, dropAt: ttlMs === undefined ? undefined : at + ttlMs };
    const victims = this.#victims(index, key, bytes);
    const db = await this.#open();
    const tx = db.transaction([ENTRIES, META], "readwrite");
    const values = tx.objectStore(ENTRIES);
    const metas = tx.objectStore(META);
    let evicted: Promise<StoredEntry | undefined>[] | undefined;
    let refused: Error | undefined;
    const apply = () => {
      try {
        evicted = victims.map((victim) => promisifyRequest(values.get(victim) as IDBRequest<StoredEntry | undefined>));
        for (const victim of victims) {
          values.delete(victim);
          metas.delete(victim);
        }
        values.put(entry, key);
        values.delete([LEASE, key]);
        metas.put(meta, key);
      } catch (error) {
        // A value structured clone refuses (a function) throws here: abort, so nothing changed.
        refused = error instanceof Error ? error : new Error(String(error));
        for (const pending of evicted ?? []) pending.catch(() => undefined);
        evicted = undefined;
        tx.abort();
      }
    };
    if (token === undefined) {
      apply();
    } else {
      const held = values.get([LEASE, key]) as IDBRequest<LeaseRecord | undefined>;
      held.onsuccess = () => {
        if (held.result?.token === token) apply();
      };
    }
    try {
      await promisifyRequest(tx);
    } catch (error) {
      throw refused ?? error;
    }
    if (refused !== undefined) throw refused;
    if (evicted === undefined) return false; // the lease was gone: a write came first
    const evictedEntries = await Promise.all(evicted);
    for (const victim of victims) index.delete(victim);
    index.set(key, meta);
    victims.forEach((victim, i) => {
      const old = evictedEntries[i];
      if (old !== undefined) this.#onEvict?.(victim, old, "size");
    });
    return true;
  }

  #open(): Promise<IDBDatabase> {
    // A failed open is not kept: the next call tries again (the user may have freed quota, say).
    this.#db ??= Promise.resolve()
      .then(() =>
        openPartitionDb(this.#factory(), this.#dbName, () => {
          this.#db = undefined;
        }),
      )
      .catch((error: unknown) => {
        this.#db = undefined;
        throw error;
      });
    return this.#db;
  }

  #loadIndex(): Promise<ByteIndex<EntryMeta>> {
    this.#index ??= (async () => {
      const db = await this.#open();
      const metas = await entries<string, EntryMeta>(useObjectStore(db, META));
      metas.sort(([, a], [, b]) => a.usedAt - b.usedAt);
      const index = this.#rows;
      index.clear();
      for (const [key, meta] of metas) index.set(key, meta);
      return index;
    })().catch((error: unknown) => {
      this.#index = undefined;
      throw error;
    });
    return this.#index;
  }

  /** Least recently used keys to drop so that `bytes` more fit in `maxSize` (the key itself is replaced, not counted). */
  #victims(index: ByteIndex<EntryMeta>, key: string, bytes: number): string[] {
    if (this.#maxSize === undefined) return [];
    let total = index.bytes - (index.get(key)?.bytes ?? 0) + bytes;
    const victims: string[] = [];
    for (const [candidate, meta] of index) {
      if (total <= this.#maxSize) break;
      if (candidate === key) continue;
      victims.push(candidate);
      total -= meta.bytes;
    }
    return victims;
  }

  async #drop(dropped: readonly [string, StoredEntry][], reason: "expired"): Promise<void> {
    const index = await this.#loadIndex();
    const db = await this.#open();
    const tx = db.transaction([ENTRIES, META], "readwrite");
    for (const [key] of dropped) {
      tx.objectStore(ENTRIES).delete(key);
      tx.objectStore(META).delete(key);
    }
    await promisifyRequest(tx);
    for (const [key, entry] of dropped) {
      index.delete(key);
      this.#onEvict?.(key, entry, reason);
    }
  }

  async #writeMeta(metas: readonly [string, EntryMeta][]): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction([ENTRIES, META], "readwrite");
    const values = tx.objectStore(ENTRIES);
    const store = tx.objectStore(META);
    // Only touch keys still present, so a touch racing a delete does not resurrect its meta.
    for (const [key, meta] of metas) {
      const present = values.count(key);
      present.onsuccess = () => {
        if (present.result > 0) store.put(meta, key);
      };
    }
    await promisifyRequest(tx);
  }
}

/** Opens (creating on first use) a partition database with both object stores made in one upgrade. */
function openPartitionDb(factory: IDBFactory, name: string, onClosed: () => void): Promise<IDBDatabase> {
  const request = factory.open(name, 1);
  request.onupgradeneeded = () => {
    request.result.createObjectStore(ENTRIES);
    request.result.createObjectStore(META);
  };
  return promisifyRequest(request).then((db) => {
    // Another tab deleting this database (store.destroy()) must not be blocked by our open connection.
    db.onversionchange = () => {
      db.close();
      onClosed();
    };
    db.onclose = onClosed;
    return db;
  });
}

/** An idb-keyval `UseStore` over one object store of an open database. */
function useObjectStore(db: IDBDatabase, storeName: string): UseStore {
  return (mode, callback) => Promise.resolve(callback(db.transaction(storeName, mode).objectStore(storeName)));
}
