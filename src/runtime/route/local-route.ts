import type { CacheOwner } from "../cache/cache-owner.js";
import type { Cascade } from "../cache/cascade.js";
import type { LayerRoute, RouteInvalidation, RouteRead } from "../contracts/route.js";
import { keyNotInCacheError, noRouteError, notStreamingError, streamingAccessError, unknownCacheError } from "../borrow/borrow-errors.js";
import type { CacheModel, ManifestModel } from "../model/model.js";
import { BorrowError } from "../errors.js";
import { invalidationModeMessage, targetShapeMessage } from "../messages/http.js";
import type { InvalidationMode } from "../contracts/invalidation-mode.js";

/**
 * The key under which an in-process route lends a borrower the owner of a cache, so a borrowed read in
 * one process costs the owner's own `get` and no `RouteRead` object. Routes over HTTP lack it.
 *
 * @example
 * const owner = (edge.route as Partial<LocalOwner>)[localOwner]?.("product_cache");
 */
export const localOwner: unique symbol = Symbol("borrowcache.localOwner");

/** A route to a layer in this process. */
export interface LocalOwner {
  [localOwner](cache: string): CacheOwner | undefined;
}

/** What a layer gives its route. */
export interface LocalRouteContext {
  readonly layer: string;
  readonly model: ManifestModel;
  readonly owners: ReadonlyMap<string, CacheOwner>;
  readonly cascade: Cascade;
}

/**
 * A layer as another layer in the same process reaches it: the same contract as `remoteLayer` over
 * HTTP (reads, streams, invalidation of keys and patterns, the invalidation feed, the same errors),
 * answered by the owners themselves. `layer.route` is one; `remotes: { edge }` takes it from the layer.
 *
 * @example
 * const edge = createLayer(app, "edge");
 * await edge.route.read("product_cache", "products:1") //=> { value: undefined, hit: false, stale: false, …, layer: "edge" }
 */
export class LocalRoute implements LayerRoute, LocalOwner {
  readonly layerName: string;
  readonly #context: LocalRouteContext;

  constructor(context: LocalRouteContext) {
    this.layerName = context.layer;
    this.#context = context;
  }

  /** Reads `key` at its owner, loading on a miss like the owner's own `get`. */
  async read(cache: string, key: string): Promise<RouteRead> {
    const owner = this.#ownerOf(cache);
    if (!owner.model.acceptsKey(key)) throw keyNotInCacheError(owner.model, key, this.layerName);
    if (owner.model.streaming) throw streamingAccessError(owner.model, this.layerName, key, "get", "stream(key)");
    const read = await owner.read(key);
    return { ...read, layer: this.layerName };
  }

  /** Streams `key` of a streaming cache owned here. */
  stream(cache: string, key: string): AsyncIterable<Uint8Array> {
    const owner = this.#ownerOf(cache);
    if (!owner.model.acceptsKey(key)) throw keyNotInCacheError(owner.model, key, this.layerName);
    if (!owner.model.streaming) throw notStreamingError(owner.model, this.layerName, key, "stream");
    return owner.stream(key);
  }

  /**
   * Drops exactly this key or pattern of a cache owned here and tells this layer's bus and listeners;
   * no cascade (the layer that started the invalidation sends each target to its own owner).
   * `mode: "expire"` marks it stale instead (served within the cache's `grace` while one refresh runs).
   */
  async invalidate(cache: string, target: string, isPattern: boolean, mode?: InvalidationMode): Promise<void> {
    const owner = this.#ownerOf(cache);
    if (mode !== undefined && mode !== "delete" && mode !== "expire") {
      throw new BorrowError(invalidationModeMessage(String(mode), owner.name), {
        rule: "key-in-patterns",
        cache: owner.name,
        key: String(target),
        layer: this.layerName,
      });
    }
    if (typeof target !== "string" || isPattern !== target.includes("*")) {
      throw new BorrowError(targetShapeMessage(String(target), owner.name), {
        rule: "key-in-patterns",
        cache: owner.name,
        key: String(target),
        layer: this.layerName,
      });
    }
    if (!owner.accepts(target)) throw keyNotInCacheError(owner.model, target, this.layerName);
    await this.#context.cascade.dropHere(owner.name, target, isPattern, "remote", mode === "expire" ? "expire" : undefined);
  }

  /** Hears every invalidation carried out at this layer; returns the unsubscribe function. */
  onInvalidate(listener: (invalidation: RouteInvalidation) => void): () => void {
    return this.#context.cascade.onInvalidate(listener);
  }

  [localOwner](cache: string): CacheOwner | undefined {
    return this.#context.owners.get(cache);
  }

  #ownerOf(cacheName: string): CacheOwner {
    const cache: CacheModel | undefined = typeof cacheName === "string" ? this.#context.model.resolve(cacheName) : undefined;
    if (!cache) throw unknownCacheError(cacheName, this.layerName);
    const owner = this.#context.owners.get(cache.name);
    if (!owner) throw noRouteError(cache, this.layerName);
    return owner;
  }
}
