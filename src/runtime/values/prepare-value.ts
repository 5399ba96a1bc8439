/**
 * What a layer calls on every `set`: one walk over the value (`value-walker.ts`) that
 * (a) refuses what cannot cross Redis, HTTP or IndexedDB (rule 13) with a `ValueError` naming the key,
 *     the cache and the path, before anything is stored: the walker refuses exactly what `serialize`
 *     refuses, at the same path, since both are its visitors;
 * (b) returns a deep copy that no caller can corrupt: plain objects and arrays frozen, Maps, Sets and
 *     Dates with throwing mutators, byte arrays copied on set and on every read (`copy-visitor.ts`).
 *     The caller's own object is left as it was, and a hit reads the stored value directly, no clone;
 * (c) estimates the bytes it retains (`size-visitor.ts`), for `maxSize`.
 *
 * Why copy-then-freeze rather than clone on read: peers that clone or serialize on every hit pay
 * 150–200× the async floor (docs/performance.md#memory); freezing moves that cost to `set`, once.
 */
import type { ReadonlyDeep } from "../contracts/readonly-deep.js";
import { ValueError } from "../errors.js";
import { unserializableValueMessage } from "../messages/manifest.js";
import { Refusal } from "./value-path.js";
import { walkValue } from "./value-walker.js";
import { CopyVisitor } from "./copy-visitor.js";
import { SizeVisitor } from "./size-visitor.js";

/** Where a value is being stored, for error messages. */
export interface ValueContext {
  readonly key: string;
  readonly cache: string;
  readonly layer: string;
}

/** Options of `prepareValue`. */
export interface PrepareOptions {
  /**
   * `false` checks and measures only, returning the value itself: for stores that serialize every
   * value anyway (Redis, HTTP), where a frozen copy would be thrown away.
   * @default true
   */
  readonly copy?: boolean;
}

/** A value ready to store: read-only (unless `copy: false`) and measured. */
export interface PreparedValue<TValue> {
  readonly value: ReadonlyDeep<TValue>;
  /** Estimated retained heap, in bytes. */
  readonly bytes: number;
}

// The read-only copies `prepareValue` made, with their bytes: a store sizes an entry without walking it
// again, and knows not to copy it. One weak table, not two: each costs ~30 bytes per entry (bench/runtime/memory-bytes.ts).
// Each record is `bytes * 2 + 1` for a value that is plain JSON (no wire tag anywhere in it), `bytes * 2` otherwise.
const prepared = new WeakMap<object, number>();

const remember = (value: object, bytes: number, plainJson: boolean): void => void prepared.set(value, bytes * 2 + (plainJson ? 1 : 0));
const bytesOf = (record: number): number => Math.floor(record / 2);

/**
 * Checks, copies, freezes and measures a value about to be stored.
 *
 * @example
 * const { value, bytes } = prepareValue({ name: "Ada", tags: new Set(["a"]) }, { key: "user:1", cache: "user_data", layer: "client" })
 * value.tags.has("a") //=> true (typed ReadonlySet<string>: no add)
 * const tags = value.tags as Set<string> // as JavaScript, or a cast, sees it
 * tags.add("b") // TypeError: cannot add to a cached Set: cached values are read-only — …
 * @throws ValueError (rule "values-survive-serialization") for a function, symbol, cycle or class instance, naming key and path
 * @see docs/design.md#manifest-rules (rule 13) and docs/design.md#values-and-serialization
 */
export function prepareValue<TValue>(value: TValue, context: ValueContext, options: PrepareOptions = {}): PreparedValue<TValue> {
  const copy = options.copy ?? true;
  // A hit written back (or a value set under two keys) is already a read-only copy: reuse it.
  if (copy && typeof value === "object" && value !== null) {
    const known = prepared.get(value);
    if (known !== undefined) return { value: value as ReadonlyDeep<TValue>, bytes: bytesOf(known) };
  }
  try {
    return copy ? copyValue(value) : measureValue(value);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const message = unserializableValueMessage(context.cache, error.what, error.path);
    throw new ValueError(message, context.key, context.cache, context.layer, error.path);
  }
}

// The stored form, remembered with its size so no store copies or measures it again.
function copyValue<TValue>(value: TValue): PreparedValue<TValue> {
  const visitor = new CopyVisitor();
  const copy = walkValue(value, visitor);
  const bytes = visitor.size.total;
  if (typeof copy === "object" && copy !== null) remember(copy, bytes, visitor.plainJson);
  return { value: copy as ReadonlyDeep<TValue>, bytes };
}

// For stores that serialize every value anyway: the same checks, the caller's value kept.
function measureValue<TValue>(value: TValue): PreparedValue<TValue> {
  const size = new SizeVisitor();
  walkValue(value, size);
  return { value: value as ReadonlyDeep<TValue>, bytes: size.total };
}

/**
 * The estimated bytes of a value: recorded by `prepareValue` for its results (no walk), measured
 * otherwise.
 *
 * @example
 * const { value, bytes } = prepareValue({ name: "Ada" }, { key: "user:1", cache: "user_data", layer: "client" })
 * valueBytes(value) === bytes //=> true, without walking the value again
 */
export function valueBytes(value: unknown): number {
  if (typeof value === "object" && value !== null) {
    const known = prepared.get(value);
    if (known !== undefined) return bytesOf(known);
  }
  const size = new SizeVisitor();
  try {
    walkValue(value, size);
  } catch (error) {
    // A value no layer prepared (a store used on its own): size what can be sized, refuse nothing here.
    if (!(error instanceof Refusal)) throw error;
  }
  return size.total;
}

/**
 * `true` for a value returned by `prepareValue` with copying on: it is already read-only.
 *
 * @example
 * const context = { key: "user:1", cache: "user_data", layer: "client" }
 * isPrepared(prepareValue({ a: 1 }, context).value) //=> true
 * isPrepared({ a: 1 })                              //=> false
 */
export function isPrepared(value: unknown): boolean {
  return typeof value !== "object" || value === null ? true : prepared.has(value);
}

/**
 * `true` for an object or array returned by `prepareValue` (copying on) that holds nothing the wire
 * format tags: no `undefined`, non-finite number or `-0`, `BigInt`, `Date`, `Map`, `Set`, byte array,
 * array hole, or object with an own `"$"` key. Its tagged JSON is then exactly `JSON.stringify` of it,
 * which `serialize` uses instead of walking it again.
 *
 * @example
 * const context = { key: "user:1", cache: "user_data", layer: "client" }
 * isPlainJson(prepareValue({ name: "Ada", tags: ["a"] }, context).value) //=> true
 * isPlainJson(prepareValue({ at: new Date(0) }, context).value)          //=> false
 */
export function isPlainJson(value: object): boolean {
  return (prepared.get(value) ?? 0) % 2 === 1;
}
