import type { CacheOwner } from "../cache/cache-owner.js";
import { routeOf, type LayerRoute, type RouteSource } from "../contracts/route.js";
import type { CacheModel } from "../model/model.js";
import { localOwner, type LocalOwner } from "../route/local-route.js";
import { cannotWriteError, keyNotInCacheError, noRouteError, notStreamingError, streamingAccessError } from "../borrow/borrow-errors.js";
import { checkedRead } from "../schema/checked-read.js";
import { readMeta, type ReadMeta } from "./read-meta.js";

/** How a borrowed handle finds its owner: this layer's own, or the route to the owner layer. */
export interface OwnerLookup {
  /** The owner, when this layer is the cache's primary. */
  readonly local: CacheOwner | undefined;
  /** The route to `layer`, looked up at each call until found (the `remotes` object may gain it later). */
  route(layer: string): RouteSource | undefined;
  readonly now: () => number;
}

/**
 * Read-only access to a cache owned by another layer (or by this one). Reads go to the owner and are
 * never stored here: one copy of each value (seed disaster 2). The write methods exist only to throw
 * the run-time twin of the compile error, for JavaScript callers and `as any` casts.
 *
 * The route is looked up at the first read, so `noRouteError` is thrown there, not at `borrow()`.
 *
 * @example
 * const products = client.borrow("products:*");
 * await products.get("products:1") // read at the edge, not stored by the client
 */
export class BorrowedHandle {
  readonly cache: string;
  readonly layer: string;
  readonly #model: CacheModel;
  readonly #lookup: OwnerLookup;
  readonly #matches: (key: string) => boolean;
  #owner: CacheOwner | undefined;
  #route: LayerRoute | undefined;

  constructor(model: CacheModel, layer: string, lookup: OwnerLookup) {
    this.cache = model.name;
    this.layer = layer;
    this.#model = model;
    this.#lookup = lookup;
    this.#matches = model.acceptsKey;
    this.#owner = lookup.local;
  }

  /** The owner's value of `key` (the owner loads it on a miss); nothing is stored here. */
  get(key: string): Promise<unknown> {
    if (!this.#matches(key)) return Promise.reject(keyNotInCacheError(this.#model, key, this.layer));
    if (this.#model.streaming) return Promise.reject(streamingAccessError(this.#model, this.layer, key, "get", "stream(key)"));
    const owner = this.#owner;
    if (owner) return owner.get(key);
    return this.#getFromOwner(key);
  }

  /** Whether the owner has a value for `key` (over a remote route, it may load it). */
  async has(key: string): Promise<boolean> {
    this.#checkKey(key);
    const owner = this.#owner ?? this.#findOwner(key);
    if (owner) return owner.has(key);
    return (await this.#readRemote(key)).value !== undefined;
  }

  /** The owner's values of `keys`, in order. */
  async getMany(keys: readonly string[]): Promise<unknown[]> {
    for (const key of keys) this.#checkKey(key);
    if (this.#model.streaming) throw streamingAccessError(this.#model, this.layer, keys[0] ?? "", "getMany", "stream(key)");
    const owner = this.#owner ?? this.#findOwner(keys[0]);
    if (owner) return owner.getMany(keys);
    return Promise.all(keys.map(async (key) => (await this.#readRemote(key)).value));
  }

  /** The owner's value with `{ hit, stale, age, expiresAt, layer }`; `layer` is the owner's. */
  async getWithMeta(key: string): Promise<ReadMeta> {
    this.#checkKey(key);
    if (this.#model.streaming) throw streamingAccessError(this.#model, this.layer, key, "getWithMeta", "stream(key)");
    const owner = this.#owner ?? this.#findOwner(key);
    if (owner) return readMeta(await owner.read(key), this.#model.primary, this.#lookup.now());
    const read = await this.#readRemote(key);
    return readMeta(read, read.layer, this.#lookup.now());
  }

  /** The owner's streaming value, chunk by chunk (streaming caches only). */
  stream(key: string): AsyncIterable<Uint8Array> {
    this.#checkKey(key);
    if (!this.#model.streaming) throw notStreamingError(this.#model, this.layer, key, "stream");
    const owner = this.#owner ?? this.#findOwner(key);
    if (owner) return owner.stream(key);
    return this.#route!.stream(this.cache, key);
  }

  /** Always rejects: a borrower cannot write (rule `write-through-owner`). */
  set(key?: string, ..._rest: unknown[]): Promise<never> {
    return Promise.reject(cannotWriteError(this.#model, this.layer, key));
  }

  /** Always rejects: a borrower cannot write (rule `write-through-owner`). */
  delete(key?: string): Promise<never> {
    return Promise.reject(cannotWriteError(this.#model, this.layer, key));
  }

  /** Always rejects: a borrower cannot write (rule `write-through-owner`). */
  getOrSet(key?: string, ..._rest: unknown[]): Promise<never> {
    return Promise.reject(cannotWriteError(this.#model, this.layer, key));
  }

  /** Always rejects: a borrower cannot write (rule `write-through-owner`). */
  atomicUpdate(key?: string, ..._rest: unknown[]): Promise<never> {
    return Promise.reject(cannotWriteError(this.#model, this.layer, key));
  }

  /** Always rejects: a borrower cannot write (rule `write-through-owner`). */
  putStream(key?: string, ..._rest: unknown[]): Promise<never> {
    return Promise.reject(cannotWriteError(this.#model, this.layer, key));
  }

  async #getFromOwner(key: string): Promise<unknown> {
    const owner = this.#findOwner(key);
    if (owner) return owner.get(key);
    return (await this.#readRemote(key)).value;
  }

  #checkKey(key: string): void {
    if (!this.#matches(key)) throw keyNotInCacheError(this.#model, key, this.layer);
  }

  /** Finds the owner once: an in-process route lends the cache's owner (the fast path); any other route is kept. */
  #findOwner(key: string | undefined): CacheOwner | undefined {
    if (this.#route) return undefined;
    const source = this.#lookup.route(this.#model.primary);
    const route = source === undefined ? undefined : routeOf(source);
    if (!route) throw noRouteError(this.#model, this.layer, key);
    const lend = (route as Partial<LocalOwner>)[localOwner];
    const owner = typeof lend === "function" ? lend.call(route, this.cache) : undefined;
    if (owner) this.#owner = owner;
    else this.#route = route;
    return owner;
  }

  /** A read over a remote route; a value the cache's read schema refuses is a `ValueError`, never answered. */
  #readRemote(key: string) {
    const read = this.#route!.read(this.cache, key);
    const schema = this.#model.validate === "write" ? undefined : this.#model.schema;
    return schema === undefined ? read : read.then(async (answer) => checkedRead(answer, this.cache, key, schema));
  }
}
