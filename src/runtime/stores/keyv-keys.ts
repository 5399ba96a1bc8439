/**
 * The keys `keyvStore` writes: `<namespace>::<cache>::<key>`, escaped so that every backend's key
 * column takes them and tells them apart.
 *
 * Why escape: a streaming cache's chunk keys hold NUL (`\0chunk\0…`, see streaming/chunk-keys.ts), which
 * a PostgreSQL text column refuses, and MySQL's default collation makes `data:Ab`, `data:ab` and
 * `data:äb ` one row. Escaping here keeps the chunk-key format every other store relies on.
 *
 * - `plain`: control characters (U+0000–U+001F, U+007F) and `%` become `%XX`. Other keys are written as
 *   they are (checked with one regex test, the only cost on a hit).
 * - `folded` (a backend that compares keys case-, accent- or trailing-space-insensitively): everything
 *   but `a-z 0-9 : / . - _ *` becomes `%XX` of its UTF-8 bytes, lowercase hex. What is left contains no
 *   two characters such a collation takes as equal, so distinct keys stay distinct rows.
 */

/** How a backend compares keys, so how much `keyvStore` escapes them. */
export type KeyEscaping = "plain" | "folded";

// eslint-disable-next-line no-control-regex
const PLAIN_UNSAFE = /[\u0000-\u001f\u007f%]/;
// eslint-disable-next-line no-control-regex
const PLAIN_UNSAFE_ALL = /[\u0000-\u001f\u007f%]/g;
const FOLDED_SAFE = /^[a-z0-9:/._*-]*$/;
const FOLDED_UNSAFE_ALL = /[^a-z0-9:/._*-]+/g;
const ESCAPED = /(?:%[0-9a-fA-F]{2})+/g;

const hex = (byte: number): string => `%${byte.toString(16).padStart(2, "0")}`;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A key (or namespace, or cache name) as `keyvStore` writes it into the adapter.
 *
 * @example
 * escapeKey("\u0000chunk\u0000v1\u00000\u0000video:1", "plain") //=> "%00chunk%00v1%000%00video:1"
 * escapeKey("data:Ab", "folded")                               //=> "data:%41b"
 */
export function escapeKey(key: string, escaping: KeyEscaping): string {
  if (escaping === "plain") {
    return PLAIN_UNSAFE.test(key) ? key.replace(PLAIN_UNSAFE_ALL, (char) => hex(char.charCodeAt(0))) : key;
  }
  if (FOLDED_SAFE.test(key)) return key;
  return key.replace(FOLDED_UNSAFE_ALL, (run) => Array.from(encoder.encode(run), hex).join(""));
}

/**
 * The key `escapeKey` was given.
 *
 * @example
 * unescapeKey("data:%41b") //=> "data:Ab"
 */
export function unescapeKey(stored: string): string {
  if (!stored.includes("%")) return stored;
  return stored.replace(ESCAPED, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return decoder.decode(bytes);
  });
}
