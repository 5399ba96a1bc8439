/**
 * How many `*` wildcards a pattern has: how many parts of a key it captures.
 *
 * @example
 * starCount("a:*:b:*")  //=> 2
 * starCount("config")   //=> 0
 */
export function starCount(pattern: string): number {
  let count = 0;
  for (let at = pattern.indexOf("*"); at !== -1; at = pattern.indexOf("*", at + 1)) count++;
  return count;
}
