/**
 * The text of errors about a single value at `set` that only the run time can see (its size).
 * `src/runtime/messages/value.ts` builds the same strings for `ValueError`.
 */

/** A value whose estimated size is over its cache's `maxSize`: it would evict the whole cache and still not fit.
 * @example type M = ValueTooLargeMessage<"products:1", "product_cache", "70000000", "52428800">
 * //=> "✗ value of 'products:1' in cache 'product_cache' takes 70000000 bytes, more than its maxSize of 52428800 bytes — store a smaller value or raise maxSize" */
export type ValueTooLargeMessage<
  TKey extends string,
  TCache extends string,
  TBytes extends string,
  TMaxSize extends string,
> = `✗ value of '${TKey}' in cache '${TCache}' takes ${TBytes} bytes, more than its maxSize of ${TMaxSize} bytes — store a smaller value or raise maxSize`;

/** A mutator called on a Map, Set or Date read from a cache (they are read-only, like the rest of the value).
 * @example type M = ReadOnlyValueMessage<"call setFullYear on", "Date">
 * //=> "cannot call setFullYear on a cached Date: cached values are read-only — copy it first, e.g. new Date(value)" */
export type ReadOnlyValueMessage<
  TMethod extends string,
  TKind extends string,
> = `cannot ${TMethod} a cached ${TKind}: cached values are read-only — copy it first, e.g. new ${TKind}(value)`;
