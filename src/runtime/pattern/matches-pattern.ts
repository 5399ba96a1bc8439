/**
 * Whether a key matches a pattern, where each `*` matches any run of characters (none included),
 * as a Redis glob restricted to `*`. Every other character, `?` and `[` included, is literal.
 *
 * Linear in practice and never exponential: the first and last literal parts are anchored, and each
 * middle part is taken at its leftmost place, which leaves the most room for the rest (no
 * backtracking, unlike a `.*` regex on a hostile key).
 *
 * @example
 * matchesPattern("user:*", "user:42")       //=> true
 * matchesPattern("a:*:b:*", "a:1:b:2")      //=> true
 * matchesPattern("user:*", "users:42")      //=> false
 */
export function matchesPattern(pattern: string, key: string): boolean {
  return matchParts(pattern.split("*"), key, undefined);
}

/**
 * The matcher behind `matchesPattern` and `capture`, over a pattern already split at its `*`s (so a
 * hot path can split once). When `captures` is given, pushes what each `*` matched: each takes the
 * shortest run that lets the rest match, left to right; the last takes what is left.
 *
 * @example
 * matchParts(["user:", ""], "user:42", undefined)  //=> true
 */
export function matchParts(parts: readonly string[], key: string, captures: string[] | undefined): boolean {
  const first = parts[0] ?? "";
  if (parts.length === 1) return key === first;
  const last = parts[parts.length - 1] ?? "";
  const end = key.length - last.length;
  if (end < first.length || !key.startsWith(first) || !key.endsWith(last)) return false;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? "";
    const found = key.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    captures?.push(key.slice(at, found));
    at = found + part.length;
  }
  captures?.push(key.slice(at, end));
  return true;
}
