/**
 * The text of an invalidation on a bus channel: one JSON object with its five fields (and `"mode":
 * "expire"` for a soft invalidation, last), in this order
 * (so the same invalidation is always the same text, which the backlog coalesces by). Readers accept
 * any other fields and refuse anything else, so a bus never crashes on a stranger's message.
 */
import type { InvalidationMessage } from "../contracts/bus.js";

/**
 * The wire text of `message`.
 *
 * @example
 * messageText({ origin: "p1", layer: "server", cache: "notes", target: "note:1", isPattern: false })
 * //=> '{"origin":"p1","layer":"server","cache":"notes","target":"note:1","isPattern":false}'
 */
export function messageText(message: InvalidationMessage): string {
  const { origin, layer, cache, target, isPattern } = message;
  return JSON.stringify(message.mode === "expire" ? { origin, layer, cache, target, isPattern, mode: "expire" } : { origin, layer, cache, target, isPattern });
}

/**
 * The invalidation a wire text carries, or `undefined` for anything else (not JSON, a field missing or
 * of the wrong type).
 *
 * @example
 * parseMessage("not json") //=> undefined
 */
export function parseMessage(text: string): InvalidationMessage | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null) return undefined;
  const { origin, layer, cache, target, isPattern, mode } = data as Record<string, unknown>;
  if (typeof origin !== "string" || typeof layer !== "string" || typeof cache !== "string" || typeof target !== "string" || typeof isPattern !== "boolean")
    return undefined;
  return mode === "expire" ? { origin, layer, cache, target, isPattern, mode } : { origin, layer, cache, target, isPattern };
}
