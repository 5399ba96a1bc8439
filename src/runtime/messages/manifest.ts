import type * as M from "../../types/messages/manifest.js";

// Run-time twins of src/types/messages/manifest.ts: each returns exactly its type, so the texts cannot drift.

/** The run-time twin of `PrimaryNotALayerMessage`. */
export const primaryNotALayerMessage = <const TPrimary extends string, const TCache extends string, const TLayers extends string>(
  primary: TPrimary,
  cache: TCache,
  layers: TLayers,
): M.PrimaryNotALayerMessage<TPrimary, TCache, TLayers> => `✗ primary ${primary} of cache '${cache}' is not a layer — use one of ${layers}`;

/** The run-time twin of `AlreadyOwnedMessage`. */
export const alreadyOwnedMessage = <const TPattern extends string, const TOwner extends string, const TLayer extends string>(
  pattern: TPattern,
  owner: TOwner,
  layer: TLayer,
): M.AlreadyOwnedMessage<TPattern, TOwner, TLayer> => `✗ '${pattern}' is already owned by cache '${owner}' (${layer}) — borrow it instead`;

/** The run-time twin of `OverlapsOwnedMessage`. */
export const overlapsOwnedMessage = <const TPattern extends string, const TOther extends string, const TOwner extends string, const TLayer extends string>(
  pattern: TPattern,
  other: TOther,
  owner: TOwner,
  layer: TLayer,
): M.OverlapsOwnedMessage<TPattern, TOther, TOwner, TLayer> => `✗ '${pattern}' overlaps '${other}', owned by cache '${owner}' (${layer}) — borrow it instead`;

/** The run-time twin of `UnownedTargetMessage`. */
export const unownedTargetMessage = <const TTarget extends string, const TCache extends string>(
  target: TTarget,
  cache: TCache,
): M.UnownedTargetMessage<TTarget, TCache> => `✗ '${target}' in invalidates of cache '${cache}' is owned by no cache — add a cache that owns it`;

/** The run-time twin of `TooManyWildcardsMessage`. */
export const tooManyWildcardsMessage = <const TTarget extends string, const TCache extends string>(
  target: TTarget,
  cache: TCache,
): M.TooManyWildcardsMessage<TTarget, TCache> =>
  `✗ '${target}' in invalidates of cache '${cache}' has more wildcards than the patterns of cache '${cache}' — the captured parts could not carry over`;

/** The run-time twin of `InvalidationCycleMessage`. */
export const invalidationCycleMessage = <const TTarget extends string, const TCache extends string>(
  target: TTarget,
  cache: TCache,
): M.InvalidationCycleMessage<TTarget, TCache> => `✗ invalidating '${target}' leads back to cache '${cache}' — invalidation cascades must be acyclic`;

/** The run-time twin of `StreamingWithoutChunkSizeMessage`. */
export const streamingWithoutChunkSizeMessage = <const TCache extends string>(cache: TCache): M.StreamingWithoutChunkSizeMessage<TCache> =>
  `✗ cache '${cache}' streams without chunkSize — add chunkSize, e.g. '1MB'`;

/** The run-time twin of `ChunkSizeWithoutStreamingMessage`. */
export const chunkSizeWithoutStreamingMessage = <const TCache extends string>(cache: TCache): M.ChunkSizeWithoutStreamingMessage<TCache> =>
  `✗ cache '${cache}' has a chunkSize but does not stream — add streaming: true or remove chunkSize`;

/** The run-time twin of `NotASizeMessage`. */
export const notASizeMessage = <const TField extends string, const TWritten extends string, const TCache extends string>(
  field: TField,
  written: TWritten,
  cache: TCache,
): M.NotASizeMessage<TField, TWritten, TCache> => `✗ ${field} ${written} of cache '${cache}' is not a size — write it like '50MB' (B, KB, MB, GB)`;

/** The run-time twin of `NotADurationMessage`. */
export const notADurationMessage = <const TField extends string, const TWritten extends string, const TCache extends string>(
  field: TField,
  written: TWritten,
  cache: TCache,
): M.NotADurationMessage<TField, TWritten, TCache> => `✗ ${field} ${written} of cache '${cache}' is not a duration — write it like '30m' (ms, s, m, h, d)`;

/** The run-time twin of `PrefetchNotOwnedMessage`. */
export const prefetchNotOwnedMessage = <const TPattern extends string, const TCache extends string>(
  pattern: TPattern,
  cache: TCache,
): M.PrefetchNotOwnedMessage<TPattern, TCache> => `✗ prefetch '${pattern}' is not owned by cache '${cache}' — prefetch only what it owns`;

/** The run-time twin of `OfflineFirstNotOnClientMessage`. */
export const offlineFirstNotOnClientMessage = <const TCache extends string, const TPrimary extends string, const TFirst extends string>(
  cache: TCache,
  primary: TPrimary,
  first: TFirst,
): M.OfflineFirstNotOnClientMessage<TCache, TPrimary, TFirst> =>
  `✗ cache '${cache}' is offline_first but its primary is '${primary}' — make its primary '${first}', the layer nearest the user`;

/** The run-time twin of `RealTimeForbidsMessage`. */
export const realTimeForbidsMessage = <const TCache extends string, const TField extends string>(
  cache: TCache,
  field: TField,
): M.RealTimeForbidsMessage<TCache, TField> => `✗ cache '${cache}' is real_time and cannot have a ${field} — remove ${field}`;

/** The run-time twin of `RealTimeNotAtOriginMessage`. */
export const realTimeNotAtOriginMessage = <const TCache extends string, const TPrimary extends string, const TLast extends string>(
  cache: TCache,
  primary: TPrimary,
  last: TLast,
): M.RealTimeNotAtOriginMessage<TCache, TPrimary, TLast> =>
  `✗ cache '${cache}' is real_time but its primary is '${primary}' — make its primary '${last}', the origin layer`;

/** The run-time twin of `SessionWithoutExpiryMessage`. */
export const sessionWithoutExpiryMessage = <const TCache extends string>(cache: TCache): M.SessionWithoutExpiryMessage<TCache> =>
  `✗ cache '${cache}' has lifetime 'session' and no ttl — pass { cleanup } to set, or give the cache a ttl`;

/** The run-time twin of `FreshnessWithoutTtlMessage`. */
export const freshnessWithoutTtlMessage = <const TField extends string, const TCache extends string>(
  field: TField,
  cache: TCache,
): M.FreshnessWithoutTtlMessage<TField, TCache> => `✗ ${field} of cache '${cache}' needs a ttl — add ttl`;

/** The run-time twin of `HardTimeoutNotLongerMessage`. */
export const hardTimeoutNotLongerMessage = <const THard extends string, const TCache extends string, const TSoft extends string>(
  hard: THard,
  cache: TCache,
  soft: TSoft,
): M.HardTimeoutNotLongerMessage<THard, TCache, TSoft> => `✗ hardTimeout '${hard}' of cache '${cache}' is not longer than timeout '${soft}' — make it longer`;

/** The run-time twin of `PrivateOnSharedLayerMessage`. */
export const privateOnSharedLayerMessage = <
  const TCache extends string,
  const TPrimary extends string,
  const TFirst extends string,
  const TLast extends string,
>(
  cache: TCache,
  primary: TPrimary,
  first: TFirst,
  last: TLast,
): M.PrivateOnSharedLayerMessage<TCache, TPrimary, TFirst, TLast> =>
  `✗ cache '${cache}' is private but its primary '${primary}' is shared between users — make its primary '${first}' or '${last}'`;

/** The run-time twin of `PrivateWithoutWildcardMessage`. */
export const privateWithoutWildcardMessage = <const TPattern extends string, const TCache extends string>(
  pattern: TPattern,
  cache: TCache,
): M.PrivateWithoutWildcardMessage<TPattern, TCache> =>
  `✗ private cache '${cache}' owns '${pattern}', which has no wildcard — a private key must be per user, like 'cart:*'`;

/** The run-time twin of `UnserializableValueMessage`. */
export const unserializableValueMessage = <const TCache extends string, const TWhat extends string, const TPath extends string>(
  cache: TCache,
  what: TWhat,
  path: TPath,
): M.UnserializableValueMessage<TCache, TWhat, TPath> =>
  `✗ value of cache '${cache}' holds ${what} at '${path}' — values must survive Redis, HTTP and IndexedDB`;

/** The run-time twin of `UnknownFieldMessage`. */
export const unknownFieldMessage = <const TField extends string, const TCache extends string>(
  field: TField,
  cache: TCache,
): M.UnknownFieldMessage<TField, TCache> =>
  `✗ cache '${cache}' has no field '${field}' — use primary, owns, value, validate, version, invalidates, maxSize, ttl, grace, timeout, hardTimeout, streaming, chunkSize, warm, lifetime, exclusive, strategy or private`;

/** The run-time twin of `BadFieldMessage`. */
export const badFieldMessage = <const TField extends string, const TCache extends string, const TExpected extends string>(
  field: TField,
  cache: TCache,
  expected: TExpected,
): M.BadFieldMessage<TField, TCache, TExpected> => `✗ ${field} of cache '${cache}' must be ${expected}`;

/** The run-time twin of `BadPatternMessage`. */
export const badPatternMessage = <const TWritten extends string, const TField extends string, const TCache extends string>(
  written: TWritten,
  field: TField,
  cache: TCache,
): M.BadPatternMessage<TWritten, TField, TCache> =>
  `✗ pattern ${written} in ${field} of cache '${cache}' is not a pattern — write a non-empty key with single '*' wildcards, like 'user:*'`;

/** The run-time twin of `ValidateWithoutSchemaMessage`. */
export const validateWithoutSchemaMessage = <const TCache extends string>(cache: TCache): M.ValidateWithoutSchemaMessage<TCache> =>
  `✗ cache '${cache}' validates values but its value is not a schema — give value a Standard Schema (zod, valibot, …) or remove validate`;
