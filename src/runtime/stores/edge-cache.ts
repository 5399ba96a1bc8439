import type { Clock } from "../contracts/clock.js";
import type { CacheStore, PartitionOptions, StoredEntry, StoreOptions, StorePartition } from "../contracts/store.js";
import { ByteIndex } from "./byte-index.js";
import { entryBytes } from "./entry-bytes.js";
import { withinBudget } from "./value-too-large.js";
import { storeCall, type StoreSite } from "./store-call.js";
import { systemClock } from "../time/clock.js";
import { deserializeEntry, serializeEntry } from "../serialize/index.js";
import { matchesPattern } from "../pattern/index.js";

/** Options of `edgeCacheStore`. */
export interface EdgeCacheStoreOptions extends StoreOptions {
  /** The named cache to open (`caches.open(name)`). @default "borrowcache" */
  readonly name?: string | undefined;
  /** The `CacheStorage` to use. @default globalThis.caches */
  readonly caches?: CacheStorage | undefined;
}

/** Entries are addressed under this made-up origin: the Cache API wants URLs, and nothing is ever fetched from it. */
const ORIGIN = "https://borrowcache.invalid/";
/** What "kept forever" means to a Cache-Control header: one year, the longest most caches honour. */
const FOREVER_S = 31_536_000;

interface IndexRow {
  bytes: number;
  usedAt: number;
  /** When `ttlMs` ends on the store's clock; the Cache API's own max-age (whole seconds) backs it up. */
  dropAt?: number | undefined;
}

/**
 * A `CacheStore` over the Web Cache API (`caches` in Cloudflare Workers, workerd, Deno), for an edge
 * layer. Why the Cache API and not Workers KV: an edge layer's copy belongs to its location, and the
 * Cache API is exactly that (local to the data centre, a delete is immediate, any ttl down to a
 * second); KV is replicated worldwide with up to 60 s of lag on writes and deletes — a dropped value
 * could be served for a minute after an invalidation — and refuses ttls under 60 s.
 *
 * Each entry is a `Response` at `https://borrowcache.invalid/<cache>?k=<key>` whose `Cache-Control:
 * max-age` carries `ttlMs` (the Cache API drops a response without one). The Cache API cannot list
 * keys, so each partition keeps an index (key → bytes, last use) in memory and in one more cached
 * response, which `keys(pattern)` and the cache's `maxSize` budget read: entries count `entryBytes`,
 * the least recently used go first, within the write. The Cache API may also drop entries by itself;
 * a read that finds one gone forgets it. Every Cache API failure comes back as a `StoreError`.
 *
 * @example
 * // in a worker
 * const edge = createLayer(app, "edge", { store: edgeCacheStore() })
 * export default { fetch: serveLayer(edge, { expose: ["product_cache"] }) }
 */
export function edgeCacheStore(options: EdgeCacheStoreOptions = {}): CacheStore {
  const name = options.name ?? "borrowcache";
  const clock = options.clock ?? systemClock;
  const layer = options.layer ?? KIND;
  let opened: Promise<Cache> | undefined;
  const open = (): Promise<Cache> => {
    const storage = options.caches ?? globalThis.caches;
    if (!storage) return Promise.reject(new Error("the Cache API (globalThis.caches) is not available here — run on an edge runtime or pass caches"));
    // A failed open is not kept: the next call tries again.
    opened ??= Promise.resolve()
      .then(() => storage.open(name))
      .catch((error: unknown) => {
        opened = undefined;
        throw error;
      });
    return opened;
  };
  const partitions = new Map<string, EdgeCachePartition>();
  return {
    kind: KIND,
    // The key index lists and measures; the Cache API drops by whole seconds (max-age), reads check the exact time.
    capabilities: Object.freeze({ listsKeys: true, ttlResolutionMs: 1000, exactKeys: true, measuresSize: true } as const),
    partition(cache: string, partitionOptions: PartitionOptions): StorePartition {
      let partition = partitions.get(cache);
      if (!partition) {
        partition = new EdgeCachePartition(open, { layer: partitionOptions.layer ?? layer, store: KIND, cache }, partitionOptions, clock);
        partitions.set(cache, partition);
      }
      return partition;
    },
  };
}

const KIND = "edge-cache";

/** One cache's entries in the Cache API, with its key index. */
class EdgeCachePartition implements StorePartition {
  readonly #open: () => Promise<Cache>;
  readonly #site: StoreSite;
  readonly #cache: string;
  readonly #maxSize: number | undefined;
  readonly #options: PartitionOptions;
  readonly #clock: Clock;
  #index: Promise<ByteIndex<IndexRow>> | undefined;
  /** The index's rows, filled by `#loadIndex`; kept here so `bytes()` answers without waiting. */
  readonly #rows = new ByteIndex<IndexRow>();
  /** Writes of the index, one after another, so an older snapshot never lands after a newer one. */
  #indexWrites: Promise<void> = Promise.resolve();

  constructor(open: () => Promise<Cache>, site: StoreSite, options: PartitionOptions, clock: Clock) {
    this.#open = open;
    this.#site = site;
    this.#cache = site.cache;
    this.#maxSize = options.maxSize;
    this.#options = options;
    this.#clock = clock;
  }

  get(key: string): Promise<StoredEntry | undefined> {
    return storeCall(this.#site, "get", key, () => this.#get(key));
  }

  async getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    return Promise.all(keys.map((key) => storeCall(this.#site, "getMany", key, () => this.#get(key))));
  }

  set(key: string, entry: StoredEntry, ttlMs?: number): Promise<void> {
    return storeCall(this.#site, "set", key, () => this.#set(key, entry, ttlMs));
  }

  delete(key: string): Promise<boolean> {
    return storeCall(this.#site, "delete", key, async () => {
      const [cache, index] = await Promise.all([this.#open(), this.#loadIndex()]);
      const existed = await cache.delete(this.#url(key));
      if (index.has(key)) {
        index.delete(key);
        await this.#saveIndex(index);
      }
      return existed;
    });
  }

  async *keys(pattern?: string): AsyncIterable<string> {
    const index = await storeCall(this.#site, "keys", pattern, () => this.#loadIndex());
    const at = this.#clock.now();
    for (const [key, row] of [...index]) {
      if (row.dropAt !== undefined && row.dropAt <= at) continue;
      if (pattern === undefined || matchesPattern(pattern, key)) yield key;
    }
  }

  clear(): Promise<void> {
    return storeCall(this.#site, "clear", undefined, async () => {
      const [cache, index] = await Promise.all([this.#open(), this.#loadIndex()]);
      await Promise.all([...index.keys()].map((key) => cache.delete(this.#url(key))));
      index.clear();
      await this.#saveIndex(index);
    });
  }

  bytes(): number {
    return this.#rows.bytes;
  }

  async #get(key: string): Promise<StoredEntry | undefined> {
    const [cache, index] = await Promise.all([this.#open(), this.#loadIndex()]);
    const response = await cache.match(this.#url(key));
    if (!response) {
      if (index.has(key)) {
        index.delete(key);
        await this.#saveIndex(index);
      }
      return undefined;
    }
    const row = index.get(key);
    if (row?.dropAt !== undefined && row.dropAt <= this.#clock.now()) {
      await response.body?.cancel();
      await cache.delete(this.#url(key));
      index.delete(key);
      await this.#saveIndex(index);
      return undefined;
    }
    const entry = await this.#decode(response);
    if (row) index.set(key, { ...row, usedAt: this.#clock.now() });
    return entry;
  }

  async #set(key: string, entry: StoredEntry, ttlMs: number | undefined): Promise<void> {
    const bytes = withinBudget(key, entryBytes(key, entry), { ...this.#site, maxSize: this.#maxSize });
    const [cache, index] = await Promise.all([this.#open(), this.#loadIndex()]);
    const { body, headers } = this.#encode(entry);
    const maxAge = ttlMs === undefined ? FOREVER_S : Math.max(1, Math.ceil(ttlMs / 1000));
    headers.set("Cache-Control", `max-age=${maxAge}`);
    await cache.put(this.#url(key), new Response(body as BodyInit, { headers }));
    const at = this.#clock.now();
    index.set(key, { bytes, usedAt: at, dropAt: ttlMs === undefined ? undefined : at + ttlMs });
    await this.#evictOver(cache, index, key);
    await this.#saveIndex(index);
  }

  #url(key: string): string {
    return `${ORIGIN}${encodeURIComponent(this.#cache)}?k=${encodeURIComponent(key)}`;
  }

  #indexUrl(): string {
    return `${ORIGIN}${encodeURIComponent(this.#cache)}?index`;
  }

  /** Binary values (stream chunks) go as raw bytes, the rest as tagged JSON with their times. */
  #encode(entry: StoredEntry): { body: string | Uint8Array; headers: Headers } {
    if (this.#options.binary && entry.value instanceof Uint8Array) {
      const headers = new Headers({ "Content-Type": "application/octet-stream", "X-Stored-At": String(entry.storedAt) });
      if (entry.expiresAt !== undefined) headers.set("X-Expires-At", String(entry.expiresAt));
      if (entry.staleUntil !== undefined) headers.set("X-Stale-Until", String(entry.staleUntil));
      return { body: entry.value, headers };
    }
    return { body: serializeEntry(entry), headers: new Headers({ "Content-Type": "application/json" }) };
  }

  async #decode(response: Response): Promise<StoredEntry> {
    if (response.headers.get("Content-Type") === "application/octet-stream") {
      const number = (name: string): number | undefined => {
        const text = response.headers.get(name);
        return text === null ? undefined : Number(text);
      };
      return {
        value: new Uint8Array(await response.arrayBuffer()),
        storedAt: number("X-Stored-At") ?? 0,
        expiresAt: number("X-Expires-At"),
        staleUntil: number("X-Stale-Until"),
      };
    }
    return deserializeEntry(await response.text());
  }

  async #evictOver(cache: Cache, index: ByteIndex<IndexRow>, keep: string): Promise<void> {
    if (this.#maxSize === undefined) return;
    for (const [key] of [...index]) {
      if (index.bytes <= this.#maxSize) break;
      if (key === keep) continue;
      const response = await cache.match(this.#url(key));
      await cache.delete(this.#url(key));
      index.delete(key);
      if (response) this.#options.onEvict?.(key, await this.#decode(response), "size");
    }
  }

  #loadIndex(): Promise<ByteIndex<IndexRow>> {
    this.#index ??= (async () => {
      const cache = await this.#open();
      const response = await cache.match(this.#indexUrl());
      const index = this.#rows;
      index.clear();
      if (response) {
        const rows = (await response.json().catch(() => [])) as [string, IndexRow][];
        for (const [key, row] of Array.isArray(rows) ? rows : []) index.set(key, row);
      }
      return index;
    })().catch((error: unknown) => {
      this.#index = undefined; // the next call tries again
      throw error;
    });
    return this.#index;
  }

  /**
   * Writes the index after the writes before it. Callers await it: a worker's I/O still open when its
   * response is done is cancelled by workerd (no `waitUntil` here), which would lose the index write and
   * leave miniflare logging "Error writing HTTP body" for the cut `put`.
   */
  #saveIndex(index: ByteIndex<IndexRow>): Promise<void> {
    const snapshot = JSON.stringify([...index]);
    return (this.#indexWrites = this.#indexWrites
      .then(async () => {
        const cache = await this.#open();
        await cache.put(this.#indexUrl(), new Response(snapshot, { headers: { "Content-Type": "application/json", "Cache-Control": `max-age=${FOREVER_S}` } }));
      })
      .catch(() => undefined));
  }
}
