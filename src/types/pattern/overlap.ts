import type { HasWildcard, LiteralPrefix, LiteralSuffix } from "./parts.js";
import type { PatternToKey } from "./pattern-to-key.js";

/**
 * `true` when some key matches both patterns.
 *
 * Decided by the theorem of docs/type-level.md#pattern-overlap, at a cost that does not grow with the patterns' length:
 * two starless patterns overlap when equal; a starless one and a starred one when the literal matches
 * (TypeScript's own template-literal matching); two starred ones exactly when their literal prefixes
 * are prefix-compatible and their literal suffixes suffix-compatible — the middles never matter.
 *
 * @example
 * type A = IsOverlapping<"user:*", "user:admin:*">  //=> true
 * type B = IsOverlapping<"a*b", "ab*">              //=> true
 * type C = IsOverlapping<"user:*", "users:*">       //=> false
 */
export type IsOverlapping<TLeft extends string, TRight extends string> =
  HasWildcard<TLeft> extends true ?
    HasWildcard<TRight> extends true ?
      BothStarred<TLeft, TRight>
    : Matches<TRight, TLeft>
  : HasWildcard<TRight> extends true ? Matches<TLeft, TRight>
  : [TLeft] extends [TRight] ? true
  : false;

/** A starless key against a starred pattern. */
type Matches<TKey extends string, TPattern extends string> = [TKey] extends [PatternToKey<TPattern>] ? true : false;

/** The theorem's third case. */
type BothStarred<TLeft extends string, TRight extends string> =
  IsPrefixCompatible<LiteralPrefix<TLeft>, LiteralPrefix<TRight>> extends true ? IsSuffixCompatible<LiteralSuffix<TLeft>, LiteralSuffix<TRight>> : false;

/** One text starts with the other. */
type IsPrefixCompatible<TLeft extends string, TRight extends string> =
  TLeft extends `${TRight}${string}` ? true
  : TRight extends `${TLeft}${string}` ? true
  : false;

/** One text ends with the other. */
type IsSuffixCompatible<TLeft extends string, TRight extends string> =
  TLeft extends `${string}${TRight}` ? true
  : TRight extends `${string}${TLeft}` ? true
  : false;
