/**
 * The key type of a pattern: each `*` becomes `${string}`.
 * Runs of `*` collapse to one `${string}`: TypeScript reads `${string}${string}` as "one character,
 * then anything", so `a**` would no longer match `"a"`.
 *
 * @example
 * type K = PatternToKey<"a:*:b:*">
 * //=> `a:${string}:b:${string}`
 */
export type PatternToKey<TPattern extends string> =
  TPattern extends `${infer Head}*${infer Rest}` ? `${Head}${string}${PatternToKey<StripLeadingStars<Rest>>}` : TPattern;

/** `**x` → `x`: the stars a `*` already covers. */
type StripLeadingStars<TText extends string> = TText extends `*${infer Rest}` ? StripLeadingStars<Rest> : TText;
