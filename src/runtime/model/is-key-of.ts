import { BorrowError } from "../errors.js";
import { unknownCacheMessage } from "../messages/borrow.js";
import { modelOf } from "./model-of.js";

/**
 * Whether `key` is one of the keys of `cache` (a cache name or one of its owned patterns): the same
 * membership test every handle applies, so a key that passes is one `own(cache).get(key)` accepts. A
 * pattern (with `*`) is not a key.
 *
 * @example
 * isKeyOf(app, "user_data", "user:42")   //=> true
 * isKeyOf(app, "user_data", "users:42")  //=> false
 * @throws {BorrowError} rule `unknown-cache` when the manifest has no such cache or pattern
 */
export function isKeyOf(app: object, cache: string, key: string): boolean {
  const model = modelOf(app).resolve(cache);
  if (!model) throw new BorrowError(unknownCacheMessage(cache), { rule: "unknown-cache", cache });
  return typeof key === "string" && !key.includes("*") && model.acceptsKey(key);
}
