/**
 * Fills a target pattern's `*`s with captures: the i-th `*` gets the i-th capture. A target with
 * fewer `*`s uses the first captures; one with more keeps its extra `*`s (the result is then still a
 * pattern). This is how a write to `user:42` invalidates `profile:42`.
 *
 * @example
 * substitute("profile:*", ["42"])        //=> "profile:42"
 * substitute("x:*:*", ["1", "2"])        //=> "x:1:2"
 * substitute("x:*", ["1", "2"])          //=> "x:1"
 * substitute("x:*:*", ["1"])             //=> "x:1:*"
 */
export function substitute(target: string, captures: readonly string[]): string {
  const parts = target.split("*");
  let result = parts[0] ?? "";
  for (let i = 1; i < parts.length; i++) result += (captures[i - 1] ?? "*") + (parts[i] ?? "");
  return result;
}
