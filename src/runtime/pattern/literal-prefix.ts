/**
 * The text before a pattern's first `*`; the whole pattern when it has none. Every key the pattern
 * matches starts with it, which is what the owner index groups patterns by.
 *
 * @example
 * literalPrefix("user:*:name")  //=> "user:"
 * literalPrefix("config")       //=> "config"
 */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf("*");
  return star === -1 ? pattern : pattern.slice(0, star);
}
