/**
 * Whether a value is a pattern the manifest accepts: a non-empty string whose `*` wildcards stand
 * alone (`**` is refused: it means nothing more than `*`, and the type level would read it as
 * "one character, then anything").
 *
 * @example
 * isValidPattern("user:*")   //=> true
 * isValidPattern("user:**")  //=> false
 * isValidPattern("")         //=> false
 */
export function isValidPattern(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && !value.includes("**");
}
