import type { PatternToKey } from "./pattern-to-key.js";

/**
 * `true` when every key of `TInner` also matches `TOuter`: the outer pattern owns all of the inner one.
 * TypeScript decides it by template-literal assignability (`` `popular:x:${string}` `` is assignable
 * to `` `popular:${string}` ``); the run-time twin `patternCovers` is checked against it pair by pair.
 *
 * @example
 * type A = IsCoveredBy<"popular:x:*", "popular:*">  //=> true
 * type B = IsCoveredBy<"popular:*", "popular:x:*">  //=> false
 */
export type IsCoveredBy<TInner extends string, TOuter extends string> = [PatternToKey<TInner>] extends [PatternToKey<TOuter>] ? true : false;
