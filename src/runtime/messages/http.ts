import type * as M from "../../types/messages/http.js";

// Run-time twins of src/types/messages/http.ts: each returns exactly its type, so the texts cannot drift.

/** The run-time twin of `PrivateExposedWithoutAuthorizeMessage`. */
export const privateExposedWithoutAuthorizeMessage = <const TCache extends string, const TLayer extends string>(
  cache: TCache,
  layer: TLayer,
): M.PrivateExposedWithoutAuthorizeMessage<TCache, TLayer> =>
  `✗ cannot expose private cache '${cache}' of layer '${layer}' without authorize — pass authorize to serveLayer`;

/** The run-time twin of `NotExposableMessage`. */
export const notExposableMessage = <const TCache extends string, const TPrimary extends string, const TLayer extends string>(
  cache: TCache,
  primary: TPrimary,
  layer: TLayer,
): M.NotExposableMessage<TCache, TPrimary, TLayer> =>
  `✗ cannot expose cache '${cache}' (${primary}) from layer '${layer}' — expose only caches layer '${layer}' owns`;

/** The run-time twin of `RemoteUnreachableMessage`. */
export const remoteUnreachableMessage = <
  const TAction extends string,
  const TTarget extends string,
  const TCache extends string,
  const TLayer extends string,
  const TUrl extends string,
>(
  action: TAction,
  target: TTarget,
  cache: TCache,
  layer: TLayer,
  url: TUrl,
): M.RemoteUnreachableMessage<TAction, TTarget, TCache, TLayer, TUrl> =>
  `✗ cannot reach layer '${layer}' at '${url}' to ${action} '${target}' of cache '${cache}' — check that it is up and serves this URL`;

/** The run-time twin of `RemoteRefusedMessage`. */
export const remoteRefusedMessage = <
  const TAction extends string,
  const TTarget extends string,
  const TCache extends string,
  const TLayer extends string,
  const TStatus extends string,
>(
  action: TAction,
  target: TTarget,
  cache: TCache,
  layer: TLayer,
  status: TStatus,
): M.RemoteRefusedMessage<TAction, TTarget, TCache, TLayer, TStatus> =>
  `✗ layer '${layer}' refused to ${action} '${target}' of cache '${cache}' (HTTP ${status}) — check expose and authorize of its serveLayer`;

/** The run-time twin of `InvalidationModeMessage`. */
export const invalidationModeMessage = <const TMode extends string, const TCache extends string>(
  mode: TMode,
  cache: TCache,
): M.InvalidationModeMessage<TMode, TCache> => `✗ mode '${mode}' of an invalidation of cache '${cache}' is not a mode — send 'delete' or 'expire'`;

/**
 * A mode that is not one, as a message writes it: a string as it is, anything else as JSON.
 *
 * @example
 * modeText("soft") //=> "soft"
 * modeText(1)      //=> "1"
 */
export function modeText(mode: unknown): string {
  return typeof mode === "string" ? mode : (JSON.stringify(mode) ?? typeof mode);
}

/** The run-time twin of `TargetShapeMessage`. */
export const targetShapeMessage = <const TTarget extends string, const TCache extends string>(
  target: TTarget,
  cache: TCache,
): M.TargetShapeMessage<TTarget, TCache> =>
  `✗ target '${target}' of cache '${cache}' is a pattern exactly when it has a '*' — send isPattern: true for a pattern, false for a key`;
