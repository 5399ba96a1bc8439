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

/** Where a cache with a `maxSize` keeps its entries and the bookkeeping of its budget. */
export interface BudgetKeys {
  /** Prefix of the entries: `<namespace>::{<cache>}::`. */
  readonly prefix: string;
  /** Sorted set: key → recency (a counter), least recently used first. */
  readonly used: string;
  /** Hash: key → its bytes (`entryBytes`). */
  readonly sizes: string;
  /** Sorted set: key → when Redis expires it (Redis's clock, ms), to stop counting it then. */
  readonly expires: string;
  /** Hash: `bytes` (the total) and `tick` (the recency counter). */
  readonly sum: string;
}

/**
 * The keys of a cache with a byte budget. The cache's name is a Redis Cluster hash tag (`{<cache>}`), so
 * its entries and its bookkeeping live in one slot and one Lua script can change them together; the
 * bookkeeping keys end in `~…` after the tag, where no entry key (`…}::<key>`) can fall.
 *
 * @example
 * budgetKeys("shop", "product_cache").prefix //=> "shop::{product_cache}::"
 * budgetKeys("shop", "product_cache").used   //=> "shop::{product_cache}~used"
 * @throws TypeError for a namespace or cache containing `{` or `}`, which would move the hash tag
 */
export function budgetKeys(namespace: string, cache: string): BudgetKeys {
  for (const [what, name] of [
    ["namespace", namespace],
    ["cache", cache],
  ] as const) {
    if (/[{}]/.test(name))
      throw new TypeError(
        `✗ Redis ${what} '${name}' of a cache with maxSize contains '{' or '}' — choose a ${what} without braces (the cache name is its Redis Cluster hash tag)`,
      );
  }
  const base = `${namespace}${SEPARATOR}{${cache}}`;
  return { prefix: `${base}${SEPARATOR}`, used: `${base}~used`, sizes: `${base}~sizes`, expires: `${base}~expires`, sum: `${base}~sum` };
}
