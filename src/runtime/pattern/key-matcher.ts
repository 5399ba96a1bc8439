import { matchParts } from "./matches-pattern.js";

/**
 * Compiles a cache's `owns` patterns into one predicate, once per handle: the key check runs on every
 * read, hits included, so `'user:*'` becomes a `startsWith`; other patterns use the pattern module's
 * linear matcher, split once here.
 *
 * @example
 * const isUserKey = keyMatcher(["user:*"]);
 * isUserKey("user:42") //=> true
 * isUserKey("orders:1") //=> false
 */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  const tests = patterns.map(compilePattern);
  if (tests.length === 1) return tests[0]!;
  return (key) => {
    for (const test of tests) if (test(key)) return true;
    return false;
  };
}

/** One pattern as the cheapest test that decides it. */
function compilePattern(pattern: string): (key: string) => boolean {
  const star = pattern.indexOf("*");
  if (star === -1) return (key) => key === pattern;
  if (star === pattern.length - 1) {
    const prefix = pattern.slice(0, -1);
    return (key) => typeof key === "string" && key.startsWith(prefix);
  }
  // Anything else: the pattern module's linear matcher (no RegExp, so no backtracking on 'a*a*a*b').
  const parts = pattern.split("*");
  return (key) => typeof key === "string" && matchParts(parts, key, undefined);
}
