import { literalPrefix } from "./literal-prefix.js";
import { literalSuffix } from "./literal-suffix.js";
import { matchesPattern } from "./matches-pattern.js";

/**
 * Whether some key matches both patterns (docs/type-level.md#pattern-overlap). Without `*` on either side: equality.
 * With `*` on one side: the other, a plain key, must match it. With `*` on both: the texts before
 * the first `*`s must be prefix-compatible (one starts the other) and the texts after the last `*`s
 * suffix-compatible; the middles never matter. Cost: linear in the patterns' lengths.
 *
 * @example
 * patternsOverlap("user:*", "user:admin:*")  //=> true
 * patternsOverlap("a*b", "ab*")              //=> true  ("ab")
 * patternsOverlap("user:*", "users:*")       //=> false
 * patternsOverlap("a*b*b", "ab")             //=> false
 */
export function patternsOverlap(a: string, b: string): boolean {
  const aIsKey = !a.includes("*");
  const bIsKey = !b.includes("*");
  if (aIsKey && bIsKey) return a === b;
  if (aIsKey) return matchesPattern(b, a);
  if (bIsKey) return matchesPattern(a, b);
  return compatible(literalPrefix(a), literalPrefix(b), "startsWith") && compatible(literalSuffix(a), literalSuffix(b), "endsWith");
}

// One of the two texts must extend the other, at the start (prefixes) or at the end (suffixes).
function compatible(x: string, y: string, side: "startsWith" | "endsWith"): boolean {
  return x.length >= y.length ? x[side](y) : y[side](x);
}
