import type { KeyNotInCacheMessage } from "../messages/borrow.js";
import type { QuotedList } from "../messages/quote.js";
import type { FieldOf, OwnsOf, OwnsTupleOf } from "../manifest/access.js";
import type { TypedValue } from "../manifest/typed.js";
import type { PatternToKey } from "../pattern/pattern-to-key.js";
import type { IsOverlapping } from "../pattern/overlap.js";

/**
 * The keys a cache accepts: its `owns` patterns with each `*` as `${string}`.
 *
 * @example
 * type UserKey = KeyOf<typeof app, "user_data">
 * //=> `user:${string}`
 */
export type KeyOf<TManifest, TCache extends string> = OwnsOf<TManifest, TCache> extends infer P extends string ? PatternToKey<P> : never;

/**
 * The value type of a cache, as `typed<T>()` declared it (`unknown` without one).
 *
 * @example
 * type U = ValueOf<typeof app, "user_data">
 * //=> User
 */
export type ValueOf<TManifest, TCache extends string> = TypedValue<FieldOf<TManifest, TCache, "value">>;

/**
 * The parameter type of a key argument: the key itself when the cache owns it; for a literal key it
 * does not own, the message naming key, cache and patterns; otherwise the cache's key type, so TypeScript's own
 * "not assignable to `user:${string}`" names the patterns.
 *
 * @example
 * type P = CheckKey<typeof app, "data_cache", "orders:1">
 * //=> "✗ key 'orders:1' is not in cache 'data_cache' — use a key matching 'data:*', 'popular:*'"
 */
export type CheckKey<TManifest, TCache extends string, TKey extends string> = CheckKeyFor<
  TKey,
  KeyOf<TManifest, TCache>,
  TCache,
  PatternsText<TManifest, TCache>
>;

/**
 * `CheckKey` from what it needs, computed once per cache: the key type, the cache's name and its
 * patterns as text. Handle methods use this form, so a hover shows `` `user:${string}` ``, not the manifest.
 *
 * @example
 * type P = CheckKeyFor<"orders:1", `data:${string}`, "data_cache", "'data:*'">
 * //=> "✗ key 'orders:1' is not in cache 'data_cache' — use a key matching 'data:*'"
 */
export type CheckKeyFor<TKey extends string, TKeys extends string, TCache extends string, TPatterns extends string> =
  TKey extends TKeys ? TKey
  : IsStringLiteral<TKey> extends true ? KeyNotInCacheMessage<TKey, TCache, TPatterns>
  : TKeys;

/** A cache's patterns as message text: `'data:*', 'popular:*'`. */
export type PatternsText<TManifest, TCache extends string> = QuotedList<OwnsTupleOf<TManifest, TCache>>;

/**
 * The parameter type of an `invalidate` target, the run-time twin's `accepts`: a key matching one of
 * `TPatterns`, or a pattern (with `*`) reaching at least one such key; for a literal that does neither,
 * `TMessage`. A `string` is left to the run-time check; a template type must match a pattern.
 *
 * @example
 * type T = CheckTargetFor<"dta:*", "data:*" | "popular:*", "✗ key 'dta:*' is not in cache 'data_cache'">
 * //=> "✗ key 'dta:*' is not in cache 'data_cache'"
 */
export type CheckTargetFor<TTarget extends string, TPatterns extends string, TMessage extends string> =
  IsStringLiteral<TTarget> extends true ?
    TTarget extends `${string}*${string}` ?
      true extends ReachedBy<TPatterns, TTarget> ?
        TTarget
      : TMessage
    : TTarget extends PatternToKey<TPatterns> ? TTarget
    : TMessage
  : string extends TTarget ? TTarget
  : TTarget extends PatternToKey<TPatterns> | `${string}*${string}` ? TTarget
  : PatternToKey<TPatterns>;

/** `true` for each of `TPatterns` that shares a key with `TTarget` (distributes). */
type ReachedBy<TPatterns extends string, TTarget extends string> = TPatterns extends string ? IsOverlapping<TPatterns, TTarget> : never;

/** `true` for a plain string literal; `false` for `string` and template types, whose text cannot go into a message. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}` has no keys: it extends Record<T, never> only when T is not a literal
type IsStringLiteral<T extends string> = {} extends Record<T, never> ? false : true;
