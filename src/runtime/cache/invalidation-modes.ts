import type { InvalidationMode } from "../contracts/invalidation-mode.js";
import { BorrowError } from "../errors.js";
import { invalidationModeMessage, modeText } from "../messages/http.js";

/**
 * The mode of one target reached twice (two caches cascading to it, two keys of a batch): a delete
 * wins over an expire, so a target some write must remove is never only marked stale.
 *
 * @example
 * strongerMode("expire", "delete") //=> "delete"
 * strongerMode("expire", "expire") //=> "expire"
 */
export function strongerMode(a: InvalidationMode | undefined, b: InvalidationMode | undefined): InvalidationMode | undefined {
  return a === "expire" && b === "expire" ? "expire" : undefined;
}

/**
 * The mode of a manual invalidation as called (from JavaScript too): `undefined`, `"delete"` or
 * `"expire"`; anything else is refused before anything is dropped.
 *
 * @example
 * checkedMode("expire", "server", "user_data") //=> "expire"
 * checkedMode("soft", "server", "user_data") // throws BorrowError "✗ mode 'soft' of an invalidation of cache 'user_data' is not a mode — send 'delete' or 'expire'"
 */
export function checkedMode(mode: unknown, layer: string, cache: string): InvalidationMode | undefined {
  if (mode === undefined || mode === "delete" || mode === "expire") return mode;
  const text = modeText(mode);
  throw new BorrowError(invalidationModeMessage(text, cache), { rule: "key-in-patterns", cache, key: text, layer });
}
