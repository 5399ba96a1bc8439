/**
 * borrowcache's wire format: JSON in which plain data stays plain JSON, and what JSON would lose
 * (`undefined`, `Date`, `Map`, `Set`, `BigInt`, `Uint8Array`, `NaN`, `±Infinity`, `-0`) becomes a
 * small tagged object (see `tags.ts`). Used wherever a value leaves the process: Redis, HTTP.
 *
 * Why not a library: superjson has no `Uint8Array`; devalue (6.x) keeps everything but writes its own
 * flattened, index-based form, so a plain value is no longer readable JSON in `redis-cli` or an HTTP
 * response, and its parser walks every value. Our format keeps plain values byte-for-byte
 * `JSON.stringify` output, so `deserialize` of a value without tags is one `JSON.parse` (it skips the
 * walk when the text has no `"$":`), and it needs no dependency in browsers or workerd.
 *
 * Shared references are written once per reference (a value is a tree on the wire); cycles, functions,
 * symbols and class instances are refused with a `TypeError` naming the path.
 */
import { bytesToBase64 } from "./base64.js";
import { Tag, TAG_KEY } from "../values/tags.js";
import { kindOf, describeUnsupported } from "../values/value-kind.js";
import { Refusal, propertySegment, indexSegment, setSegment, mapKeySegment, mapValueSegment } from "../values/value-path.js";
import { setOwn } from "../values/set-own.js";
import { isPlainJson } from "../values/prepare-value.js";

/**
 * Turns a value into borrowcache's tagged JSON text.
 *
 * @example
 * serialize({ at: new Date(0), tags: new Set(["a"]) })
 * //=> '{"at":{"$":"d","v":0},"tags":{"$":"s","v":["a"]}}'
 * @throws TypeError naming the path of a function, symbol, cycle or class instance
 */
export function serialize(value: unknown): string {
  try {
    return JSON.stringify(encodeValue(value, new Set()));
  } catch (error) {
    if (error instanceof Refusal) throw new TypeError(`cannot serialize ${error.what} at '${error.path}'`);
    throw error;
  }
}

/**
 * Encodes a value into its JSON-safe tagged form without stringifying it (for callers that embed it in
 * a larger JSON document, like `serializeEntry`). Returns the value itself when it needs no tag.
 *
 * @example
 * encodeValue(1n, new Set()) //=> { $: "b", v: "1" }
 */
export function encodeValue(value: unknown, ancestors: Set<object>): unknown {
  switch (kindOf(value)) {
    case "primitive":
      return value;
    case "number":
      return encodeNumber(value as number);
    case "undefined":
      return { [TAG_KEY]: Tag.undefined };
    case "bigint":
      return { [TAG_KEY]: Tag.bigint, v: (value as bigint).toString() };
    case "date": {
      const time = (value as Date).getTime();
      return { [TAG_KEY]: Tag.date, v: Number.isNaN(time) ? null : time };
    }
    case "bytes":
      return { [TAG_KEY]: Tag.bytes, v: bytesToBase64(value as Uint8Array) };
    // A stored value known to need no tag (see `isPlainJson`) is its own encoding: no walk.
    case "array":
      if (isPlainJson(value as object)) return value;
      return enter(value as object, ancestors, () => encodeArray(value as unknown[], ancestors));
    case "object":
      if (isPlainJson(value as object)) return value;
      return enter(value as object, ancestors, () => encodeObject(value as Record<string, unknown>, ancestors));
    case "map":
      return enter(value as object, ancestors, () => encodeMap(value as Map<unknown, unknown>, ancestors));
    case "set":
      return enter(value as object, ancestors, () => encodeSet(value as Set<unknown>, ancestors));
    default:
      throw new Refusal(describeUnsupported(value));
  }
}

function encodeNumber(n: number): unknown {
  if (Number.isFinite(n) && !Object.is(n, -0)) return n;
  return { [TAG_KEY]: Tag.number, v: Object.is(n, -0) ? "-0" : String(n) };
}

// Tracks the path from the root: meeting an ancestor again is a cycle (a shared, acyclic reference is fine).
function enter<T>(container: object, ancestors: Set<object>, encode: () => T): T {
  if (ancestors.has(container)) throw new Refusal("a cycle");
  ancestors.add(container);
  try {
    return encode();
  } finally {
    ancestors.delete(container);
  }
}

// Copy-on-write: an array that needs no tag is returned as is, so plain data is not copied.
function encodeArray(array: readonly unknown[], ancestors: Set<object>): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    let encoded: unknown;
    try {
      encoded = encodeValue(item, ancestors);
    } catch (error) {
      throw error instanceof Refusal ? error.within(indexSegment(i)) : error;
    }
    if (encoded !== item || !(i in array)) out ??= array.slice(0, i);
    if (out) out.push(encoded);
  }
  return out ?? (array as unknown[]);
}

function encodeObject(object: Record<string, unknown>, ancestors: Set<object>): unknown {
  const symbols = Object.getOwnPropertySymbols(object);
  if (symbols.length > 0) throw new Refusal("a symbol").within(propertySegment(symbols[0]!));
  const keys = Object.keys(object);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = object[key];
    let encoded: unknown;
    try {
      encoded = encodeValue(item, ancestors);
    } catch (error) {
      throw error instanceof Refusal ? error.within(propertySegment(key)) : error;
    }
    if (encoded !== item && !out) {
      out = {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j]!, object[keys[j]!]);
    }
    if (out) setOwn(out, key, encoded);
  }
  const plain = out ?? object;
  return Object.hasOwn(object, TAG_KEY) ? { [TAG_KEY]: Tag.object, v: plain } : plain;
}

function encodeMap(map: Map<unknown, unknown>, ancestors: Set<object>): unknown {
  const pairs: [unknown, unknown][] = [];
  let index = 0;
  for (const [key, item] of map) {
    let encodedKey: unknown;
    try {
      encodedKey = encodeValue(key, ancestors);
    } catch (error) {
      throw error instanceof Refusal ? error.within(mapKeySegment(index)) : error;
    }
    try {
      pairs.push([encodedKey, encodeValue(item, ancestors)]);
    } catch (error) {
      throw error instanceof Refusal ? error.within(mapValueSegment(key, index)) : error;
    }
    index++;
  }
  return { [TAG_KEY]: Tag.map, v: pairs };
}

function encodeSet(set: Set<unknown>, ancestors: Set<object>): unknown {
  const members: unknown[] = [];
  let index = 0;
  for (const member of set) {
    try {
      members.push(encodeValue(member, ancestors));
    } catch (error) {
      throw error instanceof Refusal ? error.within(setSegment(index)) : error;
    }
    index++;
  }
  return { [TAG_KEY]: Tag.set, v: members };
}
