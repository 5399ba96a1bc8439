import type * as M from "../../types/messages/borrow.js";

// Run-time twins of src/types/messages/borrow.ts: each returns exactly its type, so the texts cannot drift.

/** The run-time twin of `CannotOwnMessage`. */
export const cannotOwnMessage = <const TCache extends string, const TLayer extends string, const TPrimary extends string, const TPatterns extends string>(
  cache: TCache,
  layer: TLayer,
  primary: TPrimary,
  patterns: TPatterns,
): M.CannotOwnMessage<TCache, TLayer, TPrimary, TPatterns> =>
  `✗ cannot own '${cache}' from layer '${layer}': its primary layer is '${primary}' — borrow ${patterns} instead`;

/** The run-time twin of `CannotWriteMessage`. */
export const cannotWriteMessage = <const TPatterns extends string, const TLayer extends string, const TCache extends string, const TPrimary extends string>(
  patterns: TPatterns,
  layer: TLayer,
  cache: TCache,
  primary: TPrimary,
): M.CannotWriteMessage<TPatterns, TLayer, TCache, TPrimary> => `✗ cannot write ${patterns} from layer '${layer}': owned by '${cache}' (${primary})`;

/** The run-time twin of `KeyNotInCacheMessage`. */
export const keyNotInCacheMessage = <const TKey extends string, const TCache extends string, const TPatterns extends string>(
  key: TKey,
  cache: TCache,
  patterns: TPatterns,
): M.KeyNotInCacheMessage<TKey, TCache, TPatterns> => `✗ key '${key}' is not in cache '${cache}' — use a key matching ${patterns}`;

/** The run-time twin of `UnknownCacheMessage`. */
export const unknownCacheMessage = <const TName extends string>(name: TName): M.UnknownCacheMessage<TName> =>
  `✗ '${name}' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns`;

/** The run-time twin of `NoRouteMessage`. */
export const noRouteMessage = <const TCache extends string, const TLayer extends string, const TPrimary extends string>(
  cache: TCache,
  layer: TLayer,
  primary: TPrimary,
): M.NoRouteMessage<TCache, TLayer, TPrimary> =>
  `✗ cannot borrow '${cache}' from layer '${layer}': no route to its owner layer '${primary}' — pass remotes: { ${primary}: … } to createLayer`;

/** The run-time twin of `ExclusiveSetMessage`. */
export const exclusiveSetMessage = <const TCache extends string>(cache: TCache): M.ExclusiveSetMessage<TCache> =>
  `✗ cannot set in cache '${cache}': it is exclusive — write it with atomicUpdate(key, fn)`;

/** The run-time twin of `StreamingAccessMessage`. */
export const streamingAccessMessage = <const TCache extends string, const TMethod extends string, const TInstead extends string>(
  cache: TCache,
  method: TMethod,
  instead: TInstead,
): M.StreamingAccessMessage<TCache, TMethod, TInstead> => `✗ cannot ${method} ${cachePreposition(method)} cache '${cache}': it streams — use ${instead}`;

/** The run-time twin of `CachePreposition`: "in" for `set`, "from" for reads. */
export const cachePreposition = <const TMethod extends string>(method: TMethod): M.CachePreposition<TMethod> =>
  (method === "set" ? "in" : "from") as M.CachePreposition<TMethod>;

/** The run-time twin of `NotStreamingMessage`. */
export const notStreamingMessage = <const TCache extends string, const TMethod extends string>(
  cache: TCache,
  method: TMethod,
): M.NotStreamingMessage<TCache, TMethod> => `✗ cannot ${method} cache '${cache}': it does not stream — use get and set, or add streaming: true`;

/** The run-time twin of `ScopedSetOutsideScopeMessage`. */
export const scopedSetOutsideScopeMessage = <const TCache extends string>(cache: TCache): M.ScopedSetOutsideScopeMessage<TCache> =>
  `✗ setScoped on cache '${cache}' needs a request scope — call it on the handle of layer.scope('request', …)`;
/** The run-time twin of `WarmWithoutSourceMessage`. */
export const warmWithoutSourceMessage = <const TCache extends string, const TLayer extends string>(
  cache: TCache,
  layer: TLayer,
): M.WarmWithoutSourceMessage<TCache, TLayer> =>
  `✗ cache '${cache}' warms on layer '${layer}' but has no source there — pass sources: { ${cache}: { load, keys } } to createLayer`;

/** The run-time twin of `WarmWithoutKeysMessage`. */
export const warmWithoutKeysMessage = <const TCache extends string, const TLayer extends string>(
  cache: TCache,
  layer: TLayer,
): M.WarmWithoutKeysMessage<TCache, TLayer> =>
  `✗ cache '${cache}' warms on layer '${layer}' but its source has no keys(pattern) — add keys to sources.${cache}`;

/** The run-time twin of `CascadeWithoutRouteMessage`. */
export const cascadeWithoutRouteMessage = <
  const TCache extends string,
  const TCacheLayer extends string,
  const TTarget extends string,
  const TOwner extends string,
  const TOwnerLayer extends string,
  const TLayer extends string,
>(
  cache: TCache,
  cacheLayer: TCacheLayer,
  target: TTarget,
  owner: TOwner,
  ownerLayer: TOwnerLayer,
  layer: TLayer,
): M.CascadeWithoutRouteMessage<TCache, TCacheLayer, TTarget, TOwner, TOwnerLayer, TLayer> =>
  `✗ cache '${cache}' (${cacheLayer}) invalidates '${target}', owned by '${owner}' (${ownerLayer}), but layer '${layer}' has no route to '${ownerLayer}' — pass remotes: { ${ownerLayer} } to createLayer`;
