/**
 * The text of every manifest rule, as template-literal types. `src/runtime/messages/manifest.ts`
 * builds the same strings at run time, annotated with these types, so the two halves cannot drift.
 * Shape: `✗ <what is wrong> — <what to do>`; names in single quotes; a cache's layer in parentheses.
 */

/** Rule 1: `primary` names a layer the manifest declares.
 * @example type M = PrimaryNotALayerMessage<"'clinet'", "user_data", "'client', 'edge', 'server'">
 * //=> "✗ primary 'clinet' of cache 'user_data' is not a layer — use one of 'client', 'edge', 'server'" */
export type PrimaryNotALayerMessage<
  TPrimary extends string,
  TCache extends string,
  TLayers extends string,
> = `✗ primary ${TPrimary} of cache '${TCache}' is not a layer — use one of ${TLayers}`;

/** Rule 2: the same pattern owned twice.
 * @example type M = AlreadyOwnedMessage<"user:*", "user_data", "client">
 * //=> "✗ 'user:*' is already owned by cache 'user_data' (client) — borrow it instead" */
export type AlreadyOwnedMessage<
  TPattern extends string,
  TOwner extends string,
  TLayer extends string,
> = `✗ '${TPattern}' is already owned by cache '${TOwner}' (${TLayer}) — borrow it instead`;

/** Rule 2: two different patterns that some key matches both.
 * @example type M = OverlapsOwnedMessage<"user:admin:*", "user:*", "user_data", "client">
 * //=> "✗ 'user:admin:*' overlaps 'user:*', owned by cache 'user_data' (client) — borrow it instead" */
export type OverlapsOwnedMessage<
  TPattern extends string,
  TOther extends string,
  TOwner extends string,
  TLayer extends string,
> = `✗ '${TPattern}' overlaps '${TOther}', owned by cache '${TOwner}' (${TLayer}) — borrow it instead`;

/** Rule 3: an `invalidates` target no cache owns.
 * @example type M = UnownedTargetMessage<"nobody:*", "user_data">
 * //=> "✗ 'nobody:*' in invalidates of cache 'user_data' is owned by no cache — add a cache that owns it" */
export type UnownedTargetMessage<
  TTarget extends string,
  TCache extends string,
> = `✗ '${TTarget}' in invalidates of cache '${TCache}' is owned by no cache — add a cache that owns it`;

/** Rule 3: a target with more `*` than the writing cache's patterns can capture.
 * @example type M = TooManyWildcardsMessage<"c:*:*", "j">
 * //=> "✗ 'c:*:*' in invalidates of cache 'j' has more wildcards than the patterns of cache 'j' — the captured parts could not carry over" */
export type TooManyWildcardsMessage<
  TTarget extends string,
  TCache extends string,
> = `✗ '${TTarget}' in invalidates of cache '${TCache}' has more wildcards than the patterns of cache '${TCache}' — the captured parts could not carry over`;

/** Rule 4: an invalidation cascade that comes back to where it started.
 * @example type M = InvalidationCycleMessage<"i:*", "h">
 * //=> "✗ invalidating 'i:*' leads back to cache 'h' — invalidation cascades must be acyclic" */
export type InvalidationCycleMessage<
  TTarget extends string,
  TCache extends string,
> = `✗ invalidating '${TTarget}' leads back to cache '${TCache}' — invalidation cascades must be acyclic`;

/** Rule 5: `streaming: true` without `chunkSize`.
 * @example type M = StreamingWithoutChunkSizeMessage<"video_cache">
 * //=> "✗ cache 'video_cache' streams without chunkSize — add chunkSize, e.g. '1MB'" */
export type StreamingWithoutChunkSizeMessage<TCache extends string> = `✗ cache '${TCache}' streams without chunkSize — add chunkSize, e.g. '1MB'`;

/** Rule 5: `chunkSize` on a cache that does not stream.
 * @example type M = ChunkSizeWithoutStreamingMessage<"video_cache">
 * //=> "✗ cache 'video_cache' has a chunkSize but does not stream — add streaming: true or remove chunkSize" */
export type ChunkSizeWithoutStreamingMessage<TCache extends string> =
  `✗ cache '${TCache}' has a chunkSize but does not stream — add streaming: true or remove chunkSize`;

/** Rule 6: a size that is not a positive literal like `"50MB"`.
 * @example type M = NotASizeMessage<"maxSize", "'50 megs'", "product_cache">
 * //=> "✗ maxSize '50 megs' of cache 'product_cache' is not a size — write it like '50MB' (B, KB, MB, GB)" */
export type NotASizeMessage<
  TField extends string,
  TWritten extends string,
  TCache extends string,
> = `✗ ${TField} ${TWritten} of cache '${TCache}' is not a size — write it like '50MB' (B, KB, MB, GB)`;

/** Rule 6: a duration that is not a positive literal like `"30m"`.
 * @example type M = NotADurationMessage<"ttl", "30", "sessions">
 * //=> "✗ ttl 30 of cache 'sessions' is not a duration — write it like '30m' (ms, s, m, h, d)" */
export type NotADurationMessage<
  TField extends string,
  TWritten extends string,
  TCache extends string,
> = `✗ ${TField} ${TWritten} of cache '${TCache}' is not a duration — write it like '30m' (ms, s, m, h, d)`;

/** Rule 7: a `warm.prefetch` pattern outside the cache's own patterns.
 * @example type M = PrefetchNotOwnedMessage<"b:*", "data_cache">
 * //=> "✗ prefetch 'b:*' is not owned by cache 'data_cache' — prefetch only what it owns" */
export type PrefetchNotOwnedMessage<
  TPattern extends string,
  TCache extends string,
> = `✗ prefetch '${TPattern}' is not owned by cache '${TCache}' — prefetch only what it owns`;

/** Rule 8: `offline_first` away from the layer nearest the user.
 * @example type M = OfflineFirstNotOnClientMessage<"settings", "edge", "client">
 * //=> "✗ cache 'settings' is offline_first but its primary is 'edge' — make its primary 'client', the layer nearest the user" */
export type OfflineFirstNotOnClientMessage<
  TCache extends string,
  TPrimary extends string,
  TFirst extends string,
> = `✗ cache '${TCache}' is offline_first but its primary is '${TPrimary}' — make its primary '${TFirst}', the layer nearest the user`;

/** Rule 9 (and 11): a `real_time` cache with something that would serve it stale.
 * @example type M = RealTimeForbidsMessage<"live_prices", "ttl">
 * //=> "✗ cache 'live_prices' is real_time and cannot have a ttl — remove ttl" */
export type RealTimeForbidsMessage<
  TCache extends string,
  TField extends string,
> = `✗ cache '${TCache}' is real_time and cannot have a ${TField} — remove ${TField}`;

/** Rule 9: a `real_time` cache away from the origin layer.
 * @example type M = RealTimeNotAtOriginMessage<"live_prices", "edge", "server">
 * //=> "✗ cache 'live_prices' is real_time but its primary is 'edge' — make its primary 'server', the origin layer" */
export type RealTimeNotAtOriginMessage<
  TCache extends string,
  TPrimary extends string,
  TLast extends string,
> = `✗ cache '${TCache}' is real_time but its primary is '${TPrimary}' — make its primary '${TLast}', the origin layer`;

/** Rule 10: a session entry with neither `ttl` nor a per-write `cleanup` would never be freed.
 * @example type M = SessionWithoutExpiryMessage<"sessions">
 * //=> "✗ cache 'sessions' has lifetime 'session' and no ttl — pass { cleanup } to set, or give the cache a ttl" */
export type SessionWithoutExpiryMessage<TCache extends string> =
  `✗ cache '${TCache}' has lifetime 'session' and no ttl — pass { cleanup } to set, or give the cache a ttl`;

/** Rule 11: `grace` or `timeout` without the `ttl` they extend.
 * @example type M = FreshnessWithoutTtlMessage<"grace", "data_cache">
 * //=> "✗ grace of cache 'data_cache' needs a ttl — add ttl" */
export type FreshnessWithoutTtlMessage<TField extends string, TCache extends string> = `✗ ${TField} of cache '${TCache}' needs a ttl — add ttl`;

/** Rule 11: a `hardTimeout` that would fire before the soft `timeout`.
 * @example type M = HardTimeoutNotLongerMessage<"100ms", "data_cache", "2s">
 * //=> "✗ hardTimeout '100ms' of cache 'data_cache' is not longer than timeout '2s' — make it longer" */
export type HardTimeoutNotLongerMessage<
  THard extends string,
  TCache extends string,
  TSoft extends string,
> = `✗ hardTimeout '${THard}' of cache '${TCache}' is not longer than timeout '${TSoft}' — make it longer`;

/** Rule 12: a private cache whose primary is shared between users.
 * @example type M = PrivateOnSharedLayerMessage<"carts", "edge", "client", "server">
 * //=> "✗ cache 'carts' is private but its primary 'edge' is shared between users — make its primary 'client' or 'server'" */
export type PrivateOnSharedLayerMessage<
  TCache extends string,
  TPrimary extends string,
  TFirst extends string,
  TLast extends string,
> = `✗ cache '${TCache}' is private but its primary '${TPrimary}' is shared between users — make its primary '${TFirst}' or '${TLast}'`;

/** Rule 12: a private cache's pattern without a per-user wildcard.
 * @example type M = PrivateWithoutWildcardMessage<"config", "carts">
 * //=> "✗ private cache 'carts' owns 'config', which has no wildcard — a private key must be per user, like 'cart:*'" */
export type PrivateWithoutWildcardMessage<
  TPattern extends string,
  TCache extends string,
> = `✗ private cache '${TCache}' owns '${TPattern}', which has no wildcard — a private key must be per user, like 'cart:*'`;

/** Rule 13: a value type that cannot cross Redis, HTTP or IndexedDB.
 * @example type M = UnserializableValueMessage<"user_data", "a function", ".onChange">
 * //=> "✗ value of cache 'user_data' holds a function at '.onChange' — values must survive Redis, HTTP and IndexedDB" */
export type UnserializableValueMessage<
  TCache extends string,
  TWhat extends string,
  TPath extends string,
> = `✗ value of cache '${TCache}' holds ${TWhat} at '${TPath}' — values must survive Redis, HTTP and IndexedDB`;

/** Bad input: a field no cache has (a typo such as `invalidate`).
 * @example type M = UnknownFieldMessage<"invalidate", "user_data">
 * //=> "✗ cache 'user_data' has no field 'invalidate' — use primary, owns, value, validate, version, invalidates, …" */
export type UnknownFieldMessage<
  TField extends string,
  TCache extends string,
> = `✗ cache '${TCache}' has no field '${TField}' — use primary, owns, value, validate, version, invalidates, maxSize, ttl, grace, timeout, hardTimeout, streaming, chunkSize, warm, lifetime, exclusive, strategy or private`;

/** Bad input: a field whose value has the wrong kind (a non-array `owns`, an unknown `strategy`).
 * @example type M = BadFieldMessage<"owns", "user_data", "a non-empty array of patterns">
 * //=> "✗ owns of cache 'user_data' must be a non-empty array of patterns" */
export type BadFieldMessage<TField extends string, TCache extends string, TExpected extends string> = `✗ ${TField} of cache '${TCache}' must be ${TExpected}`;

/** Bad input: a pattern that is empty, not a string, or has `**`.
 * @example type M = BadPatternMessage<"'user:**'", "owns", "user_data">
 * //=> "✗ pattern 'user:**' in owns of cache 'user_data' is not a pattern — write a non-empty key with single '*' wildcards, like 'user:*'" */
export type BadPatternMessage<
  TWritten extends string,
  TField extends string,
  TCache extends string,
> = `✗ pattern ${TWritten} in ${TField} of cache '${TCache}' is not a pattern — write a non-empty key with single '*' wildcards, like 'user:*'`;

/** `validate` on a cache whose `value` is not a schema: `typed<T>()` exists only for the checker, so there is nothing to run.
 * @example type M = ValidateWithoutSchemaMessage<"user_data">
 * //=> "✗ cache 'user_data' validates values but its value is not a schema — give value a Standard Schema (zod, valibot, …) or remove validate" */
export type ValidateWithoutSchemaMessage<TCache extends string> =
  `✗ cache '${TCache}' validates values but its value is not a schema — give value a Standard Schema (zod, valibot, …) or remove validate`;
