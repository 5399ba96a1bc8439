/**
 * How a store reports a failing backend: every error its backend throws (a DOMException from IndexedDB,
 * a rejected Cache API call, a keyv adapter's error) comes back as one `StoreError` naming layer,
 * store, cache, key and operation, with the backend's error as `cause`. A `ValueError` (the caller's
 * value) and a `StoreError` already made pass through unchanged, never wrapped twice.
 */
import { StoreError, ValueError } from "../errors.js";

/** Where a store call runs. */
export interface StoreSite {
  readonly layer: string;
  /** The store's `kind`. */
  readonly store: string;
  readonly cache: string;
}

/**
 * `cause` as the error a store call rejects with.
 *
 * @example
 * declare function get(key: string): Promise<unknown> // one call to the backend
 * try { await get("user:1") }
 * catch (cause) { throw asStoreError({ layer: "client", store: "idb", cache: "user_data" }, "get", "user:1", cause) }
 */
export function asStoreError(site: StoreSite, operation: string, key: string | undefined, cause: unknown): Error {
  if (cause instanceof StoreError || cause instanceof ValueError) return cause;
  return new StoreError({ layer: site.layer, store: site.store, cache: site.cache, key, operation, cause });
}

/**
 * Runs one backend call, rejecting with `asStoreError` if it throws or rejects.
 *
 * @example
 * declare const cache: Cache // the Web Cache API's
 * const site: StoreSite = { layer: "edge", store: "edge-cache", cache: "product_cache" }
 * const response = await storeCall(site, "get", "products:1", () => cache.match("https://cache.invalid/products:1"))
 */
export async function storeCall<T>(site: StoreSite, operation: string, key: string | undefined, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw asStoreError(site, operation, key, cause);
  }
}
