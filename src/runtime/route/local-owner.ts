import type { CacheEngine } from "../cache/cache-engine.js";

/**
 * The key under which an in-process layer lends a borrower the engine of a cache it owns, so a borrowed
 * read in one process costs the owner's own `get` and no `RouteRead` object. Other routes (HTTP) lack it.
 *
 * @example
 * const engine = (route as Partial<LocalOwner>)[localEngine]?.("product_cache");
 */
export const localEngine: unique symbol = Symbol("borrowcache.localEngine");

/** A route that is a layer in this process. */
export interface LocalOwner {
  [localEngine](cache: string): CacheEngine | undefined;
}
