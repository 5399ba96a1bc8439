import type * as M from "../../types/messages/value.js";

// Run-time twins of src/types/messages/value.ts: each returns exactly its type, so the texts cannot drift.

/** The run-time twin of `ValueTooLargeMessage`. */
export const valueTooLargeMessage = <const TKey extends string, const TCache extends string, const TBytes extends string, const TMaxSize extends string>(
  key: TKey,
  cache: TCache,
  bytes: TBytes,
  maxSize: TMaxSize,
): M.ValueTooLargeMessage<TKey, TCache, TBytes, TMaxSize> =>
  `✗ value of '${key}' in cache '${cache}' takes ${bytes} bytes, more than its maxSize of ${maxSize} bytes — store a smaller value or raise maxSize`;

/** The run-time twin of `ReadOnlyValueMessage`. */
export const readOnlyValueMessage = <const TMethod extends string, const TKind extends string>(
  method: TMethod,
  kind: TKind,
): M.ReadOnlyValueMessage<TMethod, TKind> => `cannot ${method} a cached ${kind}: cached values are read-only — copy it first, e.g. new ${kind}(value)`;

/** The run-time twin of `StoredValueInvalidMessage`. */
export const storedValueInvalidMessage = <
  const TKey extends string,
  const TCache extends string,
  const TLayer extends string,
  const TPath extends string,
  const TIssue extends string,
>(
  key: TKey,
  cache: TCache,
  layer: TLayer,
  path: TPath,
  issue: TIssue,
): M.StoredValueInvalidMessage<TKey, TCache, TLayer, TPath, TIssue> =>
  `✗ stored value of '${key}' in cache '${cache}' on layer '${layer}' does not match its schema at ${path} (${issue}) — read as a miss, loaded from the source`;

/** The run-time twin of `WrittenValueInvalidMessage`. */
export const writtenValueInvalidMessage = <const TKey extends string, const TCache extends string, const TPath extends string, const TIssue extends string>(
  key: TKey,
  cache: TCache,
  path: TPath,
  issue: TIssue,
): M.WrittenValueInvalidMessage<TKey, TCache, TPath, TIssue> =>
  `✗ value of '${key}' in cache '${cache}' does not match its schema at ${path} (${issue}) — not stored`;

/** The run-time twin of `RemoteValueInvalidMessage`. */
export const remoteValueInvalidMessage = <
  const TKey extends string,
  const TCache extends string,
  const TLayer extends string,
  const TPath extends string,
  const TIssue extends string,
>(
  key: TKey,
  cache: TCache,
  layer: TLayer,
  path: TPath,
  issue: TIssue,
): M.RemoteValueInvalidMessage<TKey, TCache, TLayer, TPath, TIssue> =>
  `✗ value of '${key}' in cache '${cache}' answered by layer '${layer}' does not match its schema at ${path} (${issue}) — refused`;
