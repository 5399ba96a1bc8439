/**
 * `borrowcache/tanstack-query`: TanStack Query (v5, `@tanstack/query-core` as a peer dependency) over
 * a layer's caches — query options that read through a handle, and the layer's changes turned into
 * `invalidateQueries`.
 *
 * @example
 * import { QueryClient } from "@tanstack/query-core"
 * const queryClient = new QueryClient()
 * const stop = syncInvalidations(client, queryClient, { remotes: { edge } }) // import { cacheQueryOptions, syncInvalidations } from "borrowcache/tanstack-query"
 * await queryClient.fetchQuery(cacheQueryOptions(client.own("user_data"), "user:1"))
 */
export { cacheQueryOptions } from "./cache-query-options.js";
export type { CacheQueryOptions, CacheQueryKey } from "./cache-query-options.js";
export { syncInvalidations } from "./sync-invalidations.js";
export type { SyncInvalidationsOptions } from "./sync-invalidations.js";
export type { ChangeSource, ChangeRemotes } from "../react/follow-changes.js";
