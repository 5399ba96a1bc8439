/**
 * The glob matching (`*` only) of the reference model, written here rather than taken from the library
 * so the model does not share the code it checks.
 */

/**
 * Whether a glob pattern (`*` only) matches `key`.
 *
 * @example
 * globMatches("profile*", "profile:1") //=> true
 */
export function globMatches(pattern: string, key: string): boolean {
  const parts = pattern.split("*");
  if (parts.length === 1) return pattern === key;
  if (!key.startsWith(parts[0]!) || !key.endsWith(parts.at(-1)!) || key.length < parts[0]!.length + parts.at(-1)!.length) return false;
  let at = parts[0]!.length;
  const stop = key.length - parts.at(-1)!.length;
  for (const part of parts.slice(1, -1)) {
    const found = key.indexOf(part, at);
    if (found === -1 || found + part.length > stop) return false;
    at = found + part.length;
  }
  return true;
}
