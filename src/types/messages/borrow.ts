/**
 * The text of every borrow rule (use sites: `own`, `borrow`, handle methods), as template-literal types.
 * `src/runtime/messages/borrow.ts` builds the same strings for `BorrowError`.
 */

/** `own()` away from the cache's primary layer.
 * @example type M = CannotOwnMessage<"user_data", "server", "client", "'user:*'">
 * //=> "✗ cannot own 'user_data' from layer 'server': its primary layer is 'client' — borrow 'user:*' instead" */
export type CannotOwnMessage<
  TCache extends string,
  TLayer extends string,
  TPrimary extends string,
  TPatterns extends string,
> = `✗ cannot own '${TCache}' from layer '${TLayer}': its primary layer is '${TPrimary}' — borrow ${TPatterns} instead`;

/** A write (`set`, `delete`, `getOrSet`, `atomicUpdate`, `putStream`) through a `Borrowed` handle.
 * @example type M = CannotWriteMessage<"'user:*'", "server", "user_data", "client">
 * //=> "✗ cannot write 'user:*' from layer 'server': owned by 'user_data' (client)" */
export type CannotWriteMessage<
  TPatterns extends string,
  TLayer extends string,
  TCache extends string,
  TPrimary extends string,
> = `✗ cannot write ${TPatterns} from layer '${TLayer}': owned by '${TCache}' (${TPrimary})`;

/** A key none of the cache's patterns match.
 * @example type M = KeyNotInCacheMessage<"orders:1", "data_cache", "'data:*', 'popular:*'">
 * //=> "✗ key 'orders:1' is not in cache 'data_cache' — use a key matching 'data:*', 'popular:*'" */
export type KeyNotInCacheMessage<
  TKey extends string,
  TCache extends string,
  TPatterns extends string,
> = `✗ key '${TKey}' is not in cache '${TCache}' — use a key matching ${TPatterns}`;

/** A cache name or pattern the manifest does not know.
 * @example type M = UnknownCacheMessage<"user_dta">
 * //=> "✗ 'user_dta' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns" */
export type UnknownCacheMessage<TName extends string> =
  `✗ '${TName}' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns`;

/** A borrow whose owner layer this layer cannot reach.
 * @example type M = NoRouteMessage<"product_cache", "client", "edge">
 * //=> "✗ cannot borrow 'product_cache' from layer 'client': no route to its owner layer 'edge' — pass remotes: { edge: … } to createLayer" */
export type NoRouteMessage<
  TCache extends string,
  TLayer extends string,
  TPrimary extends string,
> = `✗ cannot borrow '${TCache}' from layer '${TLayer}': no route to its owner layer '${TPrimary}' — pass remotes: { ${TPrimary}: … } to createLayer`;

/** `set` on an exclusive cache, whose only write is `atomicUpdate`.
 * @example type M = ExclusiveSetMessage<"accounts">
 * //=> "✗ cannot set in cache 'accounts': it is exclusive — write it with atomicUpdate(key, fn)" */
export type ExclusiveSetMessage<TCache extends string> = `✗ cannot set in cache '${TCache}': it is exclusive — write it with atomicUpdate(key, fn)`;

/** `get`/`set` on a streaming cache, which moves values chunk by chunk.
 * @example type M = StreamingAccessMessage<"video_cache", "get", "stream(key)">
 * //=> "✗ cannot get from cache 'video_cache': it streams — use stream(key)"
 * @example type M = StreamingAccessMessage<"video_cache", "set", "putStream(key, source)">
 * //=> "✗ cannot set in cache 'video_cache': it streams — use putStream(key, source)" */
export type StreamingAccessMessage<
  TCache extends string,
  TMethod extends string,
  TInstead extends string,
> = `✗ cannot ${TMethod} ${CachePreposition<TMethod>} cache '${TCache}': it streams — use ${TInstead}`;

/** A value is set *in* a cache and read *from* it: "cannot set in cache", "cannot get from cache".
 * @example type P = CachePreposition<"set">
 * //=> "in" */
export type CachePreposition<TMethod extends string> = TMethod extends "set" ? "in" : "from";

/** `stream`/`putStream` on a cache that does not stream.
 * @example type M = NotStreamingMessage<"user_data", "stream">
 * //=> "✗ cannot stream cache 'user_data': it does not stream — use get and set, or add streaming: true" */
export type NotStreamingMessage<
  TCache extends string,
  TMethod extends string,
> = `✗ cannot ${TMethod} cache '${TCache}': it does not stream — use get and set, or add streaming: true`;

/** `setScoped` outside a request scope.
 * @example type M = ScopedSetOutsideScopeMessage<"request_temp">
 * //=> "✗ setScoped on cache 'request_temp' needs a request scope — call it on the handle of layer.scope('request', …)" */
export type ScopedSetOutsideScopeMessage<TCache extends string> =
  `✗ setScoped on cache '${TCache}' needs a request scope — call it on the handle of layer.scope('request', …)`;

/** A layer owning a `warm` cache, created without a source for it.
 * @example type M = WarmWithoutSourceMessage<"data_cache", "server">
 * //=> "✗ cache 'data_cache' warms on layer 'server' but has no source there — pass sources: { data_cache: { load, keys } } to createLayer" */
export type WarmWithoutSourceMessage<
  TCache extends string,
  TLayer extends string,
> = `✗ cache '${TCache}' warms on layer '${TLayer}' but has no source there — pass sources: { ${TCache}: { load, keys } } to createLayer`;

/** A `warm` cache's source that cannot list its keys.
 * @example type M = WarmWithoutKeysMessage<"data_cache", "server">
 * //=> "✗ cache 'data_cache' warms on layer 'server' but its source has no keys(pattern) — add keys to sources.data_cache" */
export type WarmWithoutKeysMessage<
  TCache extends string,
  TLayer extends string,
> = `✗ cache '${TCache}' warms on layer '${TLayer}' but its source has no keys(pattern) — add keys to sources.${TCache}`;

/** A layer whose writes cascade to a cache owned by a layer it has no route to (G7: a write is never half done).
 * @example type M = CascadeWithoutRouteMessage<"user_data", "client", "profile:*", "profile", "edge", "client">
 * //=> "✗ cache 'user_data' (client) invalidates 'profile:*', owned by 'profile' (edge), but layer 'client' has no route to 'edge' — pass remotes: { edge } to createLayer" */
export type CascadeWithoutRouteMessage<
  TCache extends string,
  TCacheLayer extends string,
  TTarget extends string,
  TOwner extends string,
  TOwnerLayer extends string,
  TLayer extends string,
> = `✗ cache '${TCache}' (${TCacheLayer}) invalidates '${TTarget}', owned by '${TOwner}' (${TOwnerLayer}), but layer '${TLayer}' has no route to '${TOwnerLayer}' — pass remotes: { ${TOwnerLayer} } to createLayer`;
