/**
 * How a Redis store lays out its keys: `<namespace>::<cache>::<key>`, every key of an app under its
 * namespace, so a partition's `clear()` or `keys()` is one `SCAN MATCH <namespace>::<cache>::*` and
 * can never reach another app's keys (unlike an un-namespaced keyv `clear()`).
 */

/** The separator between namespace, cache and key (the one @keyv/redis uses). */
export const SEPARATOR = "::";

/**
 * Checks a namespace or cache name: non-empty and without `::`, so that no two (namespace, cache)
 * pairs share a key prefix (`a` + `b::c` and `a::b` + `c` would).
 *
 * @example
 * checkName("namespace", "borrowcache-test:1a2b") // ok
 * checkName("cache", "a::b") // throws TypeError
 */
export function checkName(what: "namespace" | "cache", name: string): void {
  if (typeof name !== "string" || name.length === 0 || name.includes(SEPARATOR)) {
    throw new TypeError(`✗ Redis ${what} '${String(name)}' is empty or contains '::' — choose a ${what} without '::'`);
  }
}

/**
 * Escapes every glob character of a literal for `SCAN MATCH`.
 *
 * @example
 * escapeGlob("a*b") //=> "a\\*b"
 */
export function escapeGlob(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, "\\$&");
}

/**
 * A borrowcache pattern (only `*` is a wildcard) as a Redis glob: every other glob character is escaped.
 *
 * @example
 * patternToGlob("user:[1]:*") //=> "user:\\[1\\]:*"
 */
export function patternToGlob(pattern: string): string {
  return pattern.split("*").map(escapeGlob).join("*");
}
