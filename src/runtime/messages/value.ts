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
