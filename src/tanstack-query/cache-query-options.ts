import type { DataTag, QueryFunction } from "@tanstack/query-core";
import type { ReadValue } from "../types/handles/read.js";
import { readingHandle, type CachedHandle, type CachedKey } from "../react/cached-handle.js";

/**
 * The query key of a cache's key: `[cache, key]`, tagged with the value type for `getQueryData` (the
 * two-parameter `DataTag`, which every 5.x has).
 */
export type CacheQueryKey<TCache extends string, TKey extends string, TValue> = DataTag<readonly [TCache, TKey], TValue | null>;

/**
 * What `cacheQueryOptions` returns: options for `useQuery`, `fetchQuery`, `prefetchQuery` and
 * friends. The value is `null` when the key holds nothing (a query's data cannot be `undefined`).
 *
 * @example
 * const options: CacheQueryOptions<"user_data", "user:1", ReadValue<typeof app, "user_data">> = cacheQueryOptions(client.own("user_data"), "user:1")
 */
export interface CacheQueryOptions<TCache extends string, TKey extends string, TValue> {
  readonly queryKey: CacheQueryKey<TCache, TKey, TValue>;
  readonly queryFn: QueryFunction<TValue | null, readonly [TCache, TKey]>;
  /**
   * Off: a cache's values are already immutable (frozen at `set`), and structural sharing would answer
   * an unfrozen copy of a changed value in place of the handle's own.
   */
  readonly structuralSharing: false;
}

/**
 * TanStack Query options for `key` read through `handle`: `queryKey` is `[cache, key]` (what
 * `syncInvalidations` invalidates when the key changes) and `queryFn` reads through the handle, so
 * the layer's cache, single flight and owner answer it. Typed by the handle: the key is checked
 * against the cache's patterns, the data is the cache's value, read-only, or `null`.
 *
 * @example
 * import { QueryClient } from "@tanstack/query-core"
 * const queryClient = new QueryClient()
 * const user = await queryClient.fetchQuery(cacheQueryOptions(client.own("user_data"), "user:1"))
 * queryClient.getQueryData(cacheQueryOptions(client.own("user_data"), "user:1").queryKey) // typed
 */
export function cacheQueryOptions<TManifest, TCache extends string, TKey extends string>(
  handle: CachedHandle<TManifest, TCache>,
  key: CachedKey<TManifest, TCache, TKey, "get">,
): CacheQueryOptions<TCache, TKey, ReadValue<TManifest, TCache>> {
  const reading = readingHandle(handle, "cacheQueryOptions");
  const cache = reading.cache as TCache;
  return {
    queryKey: [cache, key as TKey] as const as CacheQueryKey<TCache, TKey, ReadValue<TManifest, TCache>>,
    queryFn: async () => ((await reading.get(key)) ?? null) as ReadValue<TManifest, TCache> | null,
    structuralSharing: false,
  };
}
