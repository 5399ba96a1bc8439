/**
 * The text after a pattern's last `*`; the whole pattern when it has none. Every key the pattern
 * matches ends with it.
 *
 * @example
 * literalSuffix("user:*:name")  //=> ":name"
 * literalSuffix("user:*")       //=> ""
 */
export function literalSuffix(pattern: string): string {
  return pattern.slice(pattern.lastIndexOf("*") + 1);
}
