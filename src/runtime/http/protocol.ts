/**
 * The URL scheme and headers `serveLayer` answers and `remoteLayer` speaks, in one place:
 *
 * - `GET  <base>/c/<cache>?key=<key>`            a value, tagged JSON (`serialize`), headers from the read
 *                                                (`read-headers.ts`); `If-None-Match` with its `ETag` → 304; `HEAD` too
 * - `GET  <base>/c/<cache>?key=<key>&stream=1`  a streaming value as frames (see `stream-frames.ts`)
 * - `POST <base>/invalidate`                    `{ "cache", "target", "isPattern", "mode"? }` as `application/json` (`mode`: `"expire"` marks stale)
 * - `GET  <base>/events`                        server-sent events: `hello`, then one `invalidate` per invalidation
 *
 * The key travels in the query, not the path: a key such as `..` or `%2e%2e` would be a dot segment in a
 * path, which URL parsers resolve away before any code sees it; a query value reaches us as written.
 */

/** Path prefix of cache reads. */
export const CACHE_PATH = "/c/";
/** Path of invalidation posts. */
export const INVALIDATE_PATH = "/invalidate";
/** Path of the server-sent event feed. */
export const EVENTS_PATH = "/events";

/**
 * Response headers a read carries.
 *
 * @example
 * declare const response: Response
 * response.headers.get(Header.cache) //=> "hit" | "stale" | "miss"
 */
export const Header = {
  /** `hit`, `stale` or `miss`: what `remoteLayer` reads (`Cache-Status` says the same for any HTTP tool). */
  cache: "X-Cache",
  /** RFC 9211: `borrowcache; hit; ttl=42`, `borrowcache; fwd=miss; stored`, `borrowcache; fwd=miss`. */
  cacheStatus: "Cache-Status",
  /** RFC 9111 §5.2: how long an HTTP cache may keep the answer, derived from the manifest. */
  cacheControl: "Cache-Control",
  /** RFC 9110 §8.8.3: the strong validator of a read; `If-None-Match` with it answers 304. */
  etag: "ETag",
  /** Seconds since the value was stored (RFC 9111 `Age`). */
  age: "Age",
  /** The layer that answered. */
  layer: "X-Borrowcache-Layer",
  /** Epoch milliseconds the value was stored at. */
  storedAt: "X-Borrowcache-Stored-At",
  /** Epoch milliseconds its freshness ends. */
  expiresAt: "X-Borrowcache-Expires-At",
} as const;

/** `Content-Type` of a tagged-JSON value. */
export const VALUE_TYPE = "application/json; charset=utf-8";
/** `Content-Type` of a framed stream. */
export const FRAMES_TYPE = "application/vnd.borrowcache.frames";

/**
 * The URL of a read of `key` in `cache` below `base` (which ends with `/`).
 *
 * @example
 * readUrl(new URL("http://127.0.0.1:8787/"), "product_cache", "products:1", false).href
 * //=> "http://127.0.0.1:8787/c/product_cache?key=products%3A1"
 */
export function readUrl(base: URL, cache: string, key: string, stream: boolean): URL {
  const url = new URL(`c/${encodeURIComponent(cache)}`, base);
  url.search = `key=${encodeURIComponent(key)}${stream ? "&stream=1" : ""}`;
  return url;
}
