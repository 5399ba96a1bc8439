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
 * symbols and class instances are refused with a `TypeError` naming the path. The walk is the one
 * `prepareValue` makes (`values/value-walker.ts`), with `wire-visitor.ts` saying what each part becomes,
 * so a value `set` accepts is a value `serialize` writes.
 */
import { walkValue } from "../values/value-walker.js";
import { Refusal } from "../values/value-path.js";
import { wireVisitor } from "./wire-visitor.js";

/**
 * Turns a value into borrowcache's tagged JSON text.
 *
 * @example
 * serialize({ at: new Date(0), tags: new Set(["a"]) })
 * //=> '{"at":{"$":"d","v":0},"tags":{"$":"s","v":["a"]}}'
 * @throws TypeError naming the path of a function, symbol, cycle or class instance
 */
export function serialize(value: unknown): string {
  return JSON.stringify(encodeValue(value));
}

/**
 * Encodes a value into its JSON-safe tagged form without stringifying it (for callers that embed it in
 * a larger JSON document, like `serializeEntry`). Returns the value itself when it needs no tag.
 *
 * @example
 * encodeValue(1n) //=> { $: "b", v: "1" }
 * @throws TypeError naming the path of a function, symbol, cycle or class instance
 */
export function encodeValue(value: unknown): unknown {
  try {
    return walkValue(value, wireVisitor);
  } catch (error) {
    if (error instanceof Refusal) throw new TypeError(`cannot serialize ${error.what} at '${error.path}'`, { cause: error });
    throw error;
  }
}
