/**
 * Reads borrowcache's tagged JSON (see `serialize.ts`) back into values with their types: `Date`, `Map`,
 * `Set`, `BigInt`, `Uint8Array`, `undefined`, `NaN`, `±Infinity`, `-0`.
 */
import { base64ToBytes } from "./base64.js";
import { Tag, TAG_KEY, TAG_MARK } from "../values/tags.js";
import { setOwn } from "../values/set-own.js";

/**
 * Parses tagged JSON text. Text without any tag is a plain `JSON.parse`: the reviving walk runs only
 * when the text contains `"$":`, which JSON can only hold as a key (quotes inside strings are escaped).
 *
 * @example
 * deserialize('{"at":{"$":"d","v":0}}') //=> { at: new Date(0) }
 * @throws SyntaxError for text that is not JSON, TypeError for a malformed tag
 */
export function deserialize(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  return text.includes(TAG_MARK) ? decodeValue(parsed) : parsed;
}

/**
 * Revives one parsed JSON value in place (the parsed tree is fresh, so reusing it is safe).
 *
 * @example
 * decodeValue({ $: "b", v: "12" }) //=> 12n
 */
export function decodeValue(node: unknown): unknown {
  if (typeof node !== "object" || node === null) return node;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = decodeValue(node[i]);
    return node;
  }
  const object = node as Record<string, unknown>;
  return Object.hasOwn(object, TAG_KEY) ? decodeTagged(object) : decodeChildren(object);
}

function decodeChildren(object: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(object)) {
    const child = object[key];
    if (typeof child === "object" && child !== null) {
      const decoded = decodeValue(child);
      if (decoded !== child) setOwn(object, key, decoded);
    }
  }
  return object;
}

function decodeTagged(node: Record<string, unknown>): unknown {
  const tag = node[TAG_KEY];
  const payload = node["v"];
  switch (tag) {
    case Tag.undefined:
      return undefined;
    case Tag.number:
      if (payload === "NaN" || payload === "Infinity" || payload === "-Infinity" || payload === "-0") return Number(payload);
      break;
    case Tag.date:
      if (payload === null) return new Date(Number.NaN);
      if (typeof payload === "number") return new Date(payload);
      break;
    case Tag.bigint:
      if (typeof payload === "string" && /^-?\d+$/.test(payload)) return BigInt(payload);
      break;
    case Tag.bytes:
      if (typeof payload === "string") return base64ToBytes(payload);
      break;
    case Tag.map:
      if (Array.isArray(payload) && payload.every(isPair)) {
        return new Map(payload.map(([key, value]) => [decodeValue(key), decodeValue(value)]));
      }
      break;
    case Tag.set:
      if (Array.isArray(payload)) return new Set(payload.map(decodeValue));
      break;
    case Tag.object:
      if (typeof payload === "object" && payload !== null && !Array.isArray(payload)) return decodeChildren(payload as Record<string, unknown>);
      break;
  }
  throw new TypeError(`cannot deserialize a malformed tagged value: ${JSON.stringify(node).slice(0, 80)}`);
}

function isPair(item: unknown): item is [unknown, unknown] {
  return Array.isArray(item) && item.length === 2;
}
