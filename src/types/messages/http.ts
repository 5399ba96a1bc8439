/**
 * The texts of serving and borrowing layers over HTTP (`serveLayer`, `remoteLayer`), as template-literal
 * types. `src/runtime/messages/http.ts` builds the same strings at run time, annotated with these types.
 */

/** Rule 12 at `serveLayer`: a private cache exposed with no `authorize` to tell users apart.
 * @example type M = PrivateExposedWithoutAuthorizeMessage<"carts", "server">
 * //=> "✗ cannot expose private cache 'carts' of layer 'server' without authorize — pass authorize to serveLayer" */
export type PrivateExposedWithoutAuthorizeMessage<
  TCache extends string,
  TLayer extends string,
> = `✗ cannot expose private cache '${TCache}' of layer '${TLayer}' without authorize — pass authorize to serveLayer`;

/** `serveLayer` asked to expose a cache the layer does not own (or the manifest does not have).
 * @example type M = NotExposableMessage<"user_data", "client", "edge">
 * //=> "✗ cannot expose cache 'user_data' (client) from layer 'edge' — expose only caches layer 'edge' owns" */
export type NotExposableMessage<
  TCache extends string,
  TPrimary extends string,
  TLayer extends string,
> = `✗ cannot expose cache '${TCache}' (${TPrimary}) from layer '${TLayer}' — expose only caches layer '${TLayer}' owns`;

/** A borrow over HTTP whose owner did not answer (network failure, timeout, cut stream).
 * @example type M = RemoteUnreachableMessage<"read", "products:1", "product_cache", "edge", "http://127.0.0.1:8787/">
 * //=> "✗ cannot reach layer 'edge' at 'http://127.0.0.1:8787/' to read 'products:1' of cache 'product_cache' — check that it is up and serves this URL" */
export type RemoteUnreachableMessage<
  TAction extends string,
  TTarget extends string,
  TCache extends string,
  TLayer extends string,
  TUrl extends string,
> = `✗ cannot reach layer '${TLayer}' at '${TUrl}' to ${TAction} '${TTarget}' of cache '${TCache}' — check that it is up and serves this URL`;

/** A borrow over HTTP that the owner refused (not exposed, not authorized, bad key).
 * @example type M = RemoteRefusedMessage<"read", "products:1", "product_cache", "edge", "403">
 * //=> "✗ layer 'edge' refused to read 'products:1' of cache 'product_cache' (HTTP 403) — check expose and authorize of its serveLayer" */
export type RemoteRefusedMessage<
  TAction extends string,
  TTarget extends string,
  TCache extends string,
  TLayer extends string,
  TStatus extends string,
> = `✗ layer '${TLayer}' refused to ${TAction} '${TTarget}' of cache '${TCache}' (HTTP ${TStatus}) — check expose and authorize of its serveLayer`;

/** An invalidation (a route call made by hand) whose `mode` is neither `"delete"` nor `"expire"`.
 * @example type M = InvalidationModeMessage<"soft", "user_data">
 * //=> "✗ mode 'soft' of an invalidation of cache 'user_data' is not a mode — send 'delete' or 'expire'" */
export type InvalidationModeMessage<
  TMode extends string,
  TCache extends string,
> = `✗ mode '${TMode}' of an invalidation of cache '${TCache}' is not a mode — send 'delete' or 'expire'`;

/** An invalidation whose `isPattern` disagrees with its target (a route call made by hand).
 * @example type M = TargetShapeMessage<"user:1", "user_data">
 * //=> "✗ target 'user:1' of cache 'user_data' is a pattern exactly when it has a '*' — send isPattern: true for a pattern, false for a key" */
export type TargetShapeMessage<
  TTarget extends string,
  TCache extends string,
> = `✗ target '${TTarget}' of cache '${TCache}' is a pattern exactly when it has a '*' — send isPattern: true for a pattern, false for a key`;
