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

/** A value read from a store that crossed a trust boundary (Redis, IndexedDB, HTTP, the edge) and fails its cache's schema: the read is a miss.
 * @example type M = StoredValueInvalidMessage<"user:1", "user_data", "server", ".name", "Invalid input: expected string, received number">
 * //=> "✗ stored value of 'user:1' in cache 'user_data' on layer 'server' does not match its schema at .name (Invalid input: expected string, received number) — read as a miss, loaded from the source" */
export type StoredValueInvalidMessage<
  TKey extends string,
  TCache extends string,
  TLayer extends string,
  TPath extends string,
  TIssue extends string,
> = `✗ stored value of '${TKey}' in cache '${TCache}' on layer '${TLayer}' does not match its schema at ${TPath} (${TIssue}) — read as a miss, loaded from the source`;

/** A value written to a cache with `validate: "write"` or `"both"` that fails its schema: nothing is stored.
 * @example type M = WrittenValueInvalidMessage<"user:1", "user_data", ".name", "Invalid input: expected string, received number">
 * //=> "✗ value of 'user:1' in cache 'user_data' does not match its schema at .name (Invalid input: expected string, received number) — not stored" */
export type WrittenValueInvalidMessage<
  TKey extends string,
  TCache extends string,
  TPath extends string,
  TIssue extends string,
> = `✗ value of '${TKey}' in cache '${TCache}' does not match its schema at ${TPath} (${TIssue}) — not stored`;

/** A value a remote owner answered (over HTTP, `remoteLayer`) that fails the borrower's schema for the cache: the read is refused.
 * @example type M = RemoteValueInvalidMessage<"user:1", "user_data", "server", ".name", "Invalid input: expected string, received number">
 * //=> "✗ value of 'user:1' in cache 'user_data' answered by layer 'server' does not match its schema at .name (Invalid input: expected string, received number) — refused" */
export type RemoteValueInvalidMessage<
  TKey extends string,
  TCache extends string,
  TLayer extends string,
  TPath extends string,
  TIssue extends string,
> = `✗ value of '${TKey}' in cache '${TCache}' answered by layer '${TLayer}' does not match its schema at ${TPath} (${TIssue}) — refused`;
