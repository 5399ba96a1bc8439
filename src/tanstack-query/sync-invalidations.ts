import type { QueryClient } from "@tanstack/query-core";
import type { RouteInvalidation } from "../runtime/contracts/route.js";
import { matchesPattern } from "../runtime/pattern/index.js";
import { followChanges, type ChangeRemotes, type ChangeSource } from "../react/follow-changes.js";

/** Options of `syncInvalidations`. */
export interface SyncInvalidationsOptions {
  /**
   * The owner layers the layer borrows from, as given to `createLayer` (`{ edge: remoteLayer(url) }`):
   * their invalidations (a remote owner's event feed) invalidate the queries of borrowed keys. @default {}
   */
  readonly remotes?: ChangeRemotes | undefined;
}

/**
 * Invalidates the TanStack queries of `cacheQueryOptions` whenever the layer sees their key change:
 * its own writes and drops, a bus message from another process or tab, a fill, and with `remotes`
 * the event feed of each remote owner. A key invalidates its query (`[cache, key]`, exact); a pattern
 * every query of that cache whose key it matches. The events of one tick are sent once. Returns the
 * function that stops it.
 *
 * @example
 * import { QueryClient } from "@tanstack/query-core"
 * const stop = syncInvalidations(client, new QueryClient(), { remotes: { edge } })
 */
export function syncInvalidations(
  source: ChangeSource,
  queryClient: Pick<QueryClient, "invalidateQueries">,
  options: SyncInvalidationsOptions = {},
): () => void {
  const waiting = new Map<string, RouteInvalidation>();
  let stopped = false;
  const send = (): void => {
    const changes = [...waiting.values()];
    waiting.clear();
    if (!stopped) for (const change of changes) invalidate(queryClient, change);
  };
  const stop = followChanges(source, options.remotes ?? {}, (change) => {
    // A write is heard twice (its `set` event and its announcement): one invalidation per tick and target.
    if (waiting.size === 0) queueMicrotask(send);
    waiting.set(`${change.cache}\0${change.target}\0${change.isPattern}`, change);
  });
  return () => {
    stopped = true;
    stop();
  };
}

function invalidate(queryClient: Pick<QueryClient, "invalidateQueries">, { cache, target, isPattern }: RouteInvalidation): void {
  const filters =
    isPattern ?
      {
        predicate: ({ queryKey }: { readonly queryKey: readonly unknown[] }) =>
          queryKey.length === 2 && queryKey[0] === cache && typeof queryKey[1] === "string" && matchesPattern(target, queryKey[1]),
      }
    : { queryKey: [cache, target], exact: true };
  // A refetch that fails is the query's error, shown where the query is used; nobody awaits this one.
  queryClient.invalidateQueries(filters).catch(() => undefined);
}
