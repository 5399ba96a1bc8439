import type { CacheStore, PartitionOptions, StoredEntry, StorePartition } from "../contracts/store.js";
import { ByteIndex } from "./byte-index.js";
import { ValueError } from "../errors.js";
import { valueTooLargeMessage } from "../messages/value.js";
import { deserializeEntry, serializeEntry } from "../serialize/index.js";
import { matchesPattern } from "../pattern/index.js";

/** Options of `edgeCacheStore`. */
export interface EdgeCacheStoreOptions {
  /** The named cache to open (`caches.open(name)`). @default "borrowcache" */
  readonly name?: string | undefined;
  /** The `CacheStorage` to use. @default globalThis.caches */
  readonly caches?: CacheStorage | undefined;
  /** Byte budget of each partition when its cache declares no `maxSize`. @default unbounded */
  readonly maxSize?: number | undefined;
  /** The time source for recency. @default Date.now */
  readonly now?: (() => number) | undefined;
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
 * response, which `keys(pattern)` and the `maxSize` budget (least recently used first) read. The cache
 * may also drop entries by itself; a read that finds one gone forgets it.
 *
 * @example
 * // in a worker
 * const edge = createLayer(app, "edge", { store: edgeCacheStore() })
 * export default { fetch: serveLayer(edge, { expose: ["product_cache"] }) }
 */
export function edgeCacheStore(options: EdgeCacheStoreOptions = {}): CacheStore {
  const name = options.name ?? "borrowcache";
  const now = options.now ?? Date.now;
  let opened: Promise<Cache> | undefined;
  const open = (): Promise<Cache> => {
    const storage = options.caches ?? globalThis.caches;
    if (!storage) return Promise.reject(new Error("the Cache API (globalThis.caches) is not available here — run on an edge runtime or pass caches"));
    opened ??= storage.open(name);
    return opened;
  };
  const partitions = new Map<string, EdgeCachePartition>();
  return {
    kind: "edge-cache",
    partition(cache: string, partitionOptions: PartitionOptions): StorePartition {
      let partition = partitions.get(cache);
      if (!partition) {
        partition = new EdgeCachePartition(open, cache, partitionOptions.maxSize ?? options.maxSize, partitionOptions, now);
        partitions.set(cache, partition);
      }
      return partition;
    },
  };
}

/** One cache's entries in the Cache API, with its key index. */
class EdgeCachePartition implements StorePartition {
  readonly #open: () => Promise<Cache>;
  readonly #cache: string;
  readonly #maxSize: number | undefined;
  readonly #options: PartitionOptions;
  readonly #now: () => number;
  #index: Promise<ByteIndex<IndexRow>> | undefined;
  /** The index's rows, filled by `#loadIndex`; kept here so `bytes()` answers without waiting. */
  readonly #rows = new ByteIndex<IndexRow>();
  /** Writes of the index, one after another, so an older snapshot never lands after a newer one. */
  #indexWrites: Promise<void> = Promise.resolve();

  constructor(open: () => Promise<Cache>, cache: string, maxSize: number | undefined, options: PartitionOptions, now: () => number) {
    this.#open = open;
    this.#cache = cache;
    this.#maxSize = maxSize;
    this.#options = options;
    this.#now = now;
  }

  async get(key: string): Promise<StoredEntry | undefined> {
    const [cache, index] = await Promise.all([this.#open(), this.#loadIndex()]);
    const response = await cache.match(this.#url(key));
    if (!response) {
      if (index.has(key)) {
        index.delete(key);
        this.#saveIndex(index);
      }
      return undefined;
    }
    const row = index.get(key);
    if (row?.dropAt !== undefined && row.dropAt <= this.#now()) {
      await response.body?.cancel();
      await cache.delete(this.#url(key));
      index.delete(key);
      this.#saveIndex(index);
      return undefined;
    }
    const entry = await this.#decode(response);
    if (row) index.set(key, { ...row, usedAt: this.#now() });
    return entry;
  }

  async getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async set(key: string, entry: StoredEntry, ttlMs?: number): Promise<void> {
    const [cache, index] = await Promise.all([this.#open(), this.#loadIndex()]);
    const { body, headers } = this.#encode(entry);
    const bytes = (typeof body === "string" ? body.length : body.byteLength) + key.length;
    if (this.#maxSize !== undefined && bytes > this.#maxSize) {
      throw new ValueError(valueTooLargeMessage(key, this.#cache, String(bytes), String(this.#maxSize)), key, this.#cache, this.#options.layer ?? "");
    }
    const maxAge = ttlMs === undefined ? FOREVER_S : Math.max(1, Math.ceil(ttlMs / 1000));
    headers.set("Cache-Control", `max-age=${maxAge}`);
    await cache.put(this.#url(key), new Response(body as BodyInit, { headers }));
    const at = this.#now();
    index.set(key, { bytes, usedAt: at, dropAt: ttlMs === undefined ? undefined : at + ttlMs });
    await this.#evictOver(cache, index, key);
    this.#saveIndex(index);
  }

  async delete(key: string): Promise<boolean> {
    const [cache, index] = await Promise.all([this.#open(), this.#loadIndex()]);
    const existed = await cache.delete(this.#url(key));
    if (index.has(key)) {
      index.delete(key);
      this.#saveIndex(index);
    }
    return existed;
  }

  async *keys(pattern?: string): AsyncIterable<string> {
    const index = await this.#loadIndex();
    const at = this.#now();
    for (const [key, row] of [...index]) {
      if (row.dropAt !== undefined && row.dropAt <= at) continue;
      if (pattern === undefined || matchesPattern(pattern, key)) yield key;
    }
  }

  async clear(): Promise<void> {
    const [cache, index] = await Promise.all([this.#open(), this.#loadIndex()]);
    await Promise.all([...index.keys()].map((key) => cache.delete(this.#url(key))));
    index.clear();
    this.#saveIndex(index);
    await this.#indexWrites;
  }

  bytes(): number {
    return this.#rows.bytes;
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
      return { value: new Uint8Array(await response.arrayBuffer()), storedAt: number("X-Stored-At") ?? 0, expiresAt: number("X-Expires-At"), staleUntil: number("X-Stale-Until") };
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
    })();
    return this.#index;
  }

  #saveIndex(index: ByteIndex<IndexRow>): void {
    const snapshot = JSON.stringify([...index]);
    this.#indexWrites = this.#indexWrites
      .then(async () => {
        const cache = await this.#open();
        await cache.put(this.#indexUrl(), new Response(snapshot, { headers: { "Content-Type": "application/json", "Cache-Control": `max-age=${FOREVER_S}` } }));
      })
      .catch(() => undefined);
  }

}
