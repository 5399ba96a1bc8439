/**
 * What a layer calls on every `set`: one walk over the value that
 * (a) refuses what cannot cross Redis, HTTP or IndexedDB (rule 13) with a `ValueError` naming the key,
 *     the cache and the path, before anything is stored;
 * (b) returns a deep copy that no caller can corrupt: plain objects and arrays frozen, Maps, Sets and
 *     Dates with throwing mutators, byte arrays copied on set and on every read (see `read-only.ts`).
 *     The caller's own object is left as it was, and a hit reads the stored value directly, no clone;
 * (c) estimates the bytes it retains (see `value-size.ts`), for `maxSize`.
 *
 * Why copy-then-freeze rather than clone on read: peers that clone or serialize on every hit pay
 * 150–200× the async floor (PERFORMANCE.md, Group M); freezing moves that cost to `set`, once.
 */
import type { ReadonlyDeep } from "type-fest";
import { ValueError } from "../errors.js";
import { unserializableValueMessage } from "../messages/manifest.js";
import { kindOf, describeUnsupported } from "./value-kind.js";
import { Refusal, propertySegment, indexSegment, setSegment, mapKeySegment, mapValueSegment } from "./value-path.js";
import { lockMap, lockSet, lockDate, exposeBytesAt, copyBytes } from "./read-only.js";
import { TAG_KEY } from "./tags.js";
import * as Size from "./value-size.js";

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
 * value.tags.add("b") // TypeError: cached values are read-only
 * @throws ValueError (rule "values-survive-serialization") for a function, symbol, cycle or class instance, naming key and path
 * @see DESIGN.md §1 rule 13 and §3 Serialization
 */
export function prepareValue<TValue>(value: TValue, context: ValueContext, options: PrepareOptions = {}): PreparedValue<TValue> {
  const copy = options.copy ?? true;
  // A hit written back (or a value set under two keys) is already a read-only copy: reuse it.
  if (copy && typeof value === "object" && value !== null) {
    const known = prepared.get(value);
    if (known !== undefined) return { value: value as ReadonlyDeep<TValue>, bytes: bytesOf(known) };
  }
  const walker = new ValueWalker(copy);
  let result: unknown;
  try {
    result = walker.visit(value);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const message = unserializableValueMessage(context.cache, error.what, error.path);
    throw new ValueError(message, context.key, context.cache, context.layer, error.path);
  }
  if (copy && typeof result === "object" && result !== null) remember(result, walker.bytes, walker.plainJson);
  return { value: result as ReadonlyDeep<TValue>, bytes: walker.bytes };
}

/**
 * The estimated bytes of a value: recorded by `prepareValue` for its results (no walk), measured
 * otherwise.
 *
 * @example
 * valueBytes(prepareValue(v, ctx).value) // same number as prepareValue(v, ctx).bytes
 */
export function valueBytes(value: unknown): number {
  if (typeof value === "object" && value !== null) {
    const known = prepared.get(value);
    if (known !== undefined) return bytesOf(known);
  }
  const walker = new ValueWalker(false);
  try {
    walker.visit(value);
  } catch (error) {
    // A value no layer prepared (a store used on its own): size what can be sized, refuse nothing here.
    if (!(error instanceof Refusal)) throw error;
  }
  return walker.bytes;
}

/**
 * `true` for a value returned by `prepareValue` with copying on: it is already read-only.
 *
 * @example
 * isPrepared(prepareValue({ a: 1 }, ctx).value) //=> true
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
 * isPlainJson(prepareValue({ name: "Ada", tags: ["a"] }, ctx).value) //=> true
 * isPlainJson(prepareValue({ at: new Date(0) }, ctx).value)          //=> false
 */
export function isPlainJson(value: object): boolean {
  return (prepared.get(value) ?? 0) % 2 === 1;
}

// One pass: classify, refuse, copy and measure. Refusals unwind through each frame, which adds its path segment.
class ValueWalker {
  bytes = 0;
  /** Stays `true` while nothing met needs a wire tag (see `isPlainJson`). */
  plainJson = true;
  readonly #ancestors = new Set<object>();
  readonly #copy: boolean;

  constructor(copy: boolean) {
    this.#copy = copy;
  }

  visit(value: unknown): unknown {
    return this.#value(value);
  }

  #value(value: unknown): unknown {
    this.bytes += Size.SLOT;
    switch (kindOf(value)) {
      case "primitive":
        if (typeof value === "string") this.bytes += Size.stringBytes(value);
        return value;
      case "undefined":
        this.plainJson = false;
        return value;
      case "number":
        this.bytes += Size.numberBytes(value as number);
        if (!Number.isFinite(value) || Object.is(value, -0)) this.plainJson = false;
        return value;
      case "bigint":
        this.bytes += Size.bigintBytes(value as bigint);
        this.plainJson = false;
        return value;
      case "date":
        this.bytes += Size.DATE_SIZE;
        this.plainJson = false;
        return this.#copy ? lockDate(new Date((value as Date).getTime())) : value;
      case "bytes":
        this.bytes += Size.BYTES_HEADER + (value as Uint8Array).byteLength;
        this.plainJson = false;
        return this.#copy ? copyBytes(value as Uint8Array) : value;
      case "array":
        return this.#enter(value as object, () => this.#array(value as readonly unknown[]));
      case "object":
        return this.#enter(value as object, () => this.#object(value as Record<string, unknown>));
      case "map":
        return this.#enter(value as object, () => this.#map(value as Map<unknown, unknown>));
      case "set":
        return this.#enter(value as object, () => this.#set(value as Set<unknown>));
      default:
        throw new Refusal(describeUnsupported(value));
    }
  }

  // Only ancestors make a cycle: a shared, acyclic reference is copied twice, as it will be on the wire.
  #enter<T>(container: object, walk: () => T): T {
    if (this.#ancestors.has(container)) throw new Refusal("a cycle");
    this.#ancestors.add(container);
    try {
      return walk();
    } finally {
      this.#ancestors.delete(container);
    }
  }

  #array(array: readonly unknown[]): unknown {
    this.bytes += Size.ARRAY_HEADER;
    let bytesAt: number[] | undefined;
    let visited = 0; // `map` skips holes, which the wire format writes as tagged `undefined`
    // `map` allocates the copy at its exact length; pushing into `[]` would leave up to 16 spare slots per array.
    const out = array.map((element, i) => {
      visited++;
      let item: unknown;
      try {
        item = this.#value(element);
      } catch (error) {
        throw error instanceof Refusal ? error.within(indexSegment(i)) : error;
      }
      if (item instanceof Uint8Array) (bytesAt ??= []).push(i);
      return item;
    });
    if (visited !== array.length) this.plainJson = false;
    if (!this.#copy) return array;
    for (const i of bytesAt ?? []) exposeBytesAt(out, i, out[i] as Uint8Array);
    return Object.freeze(out);
  }

  #object(object: Record<string, unknown>): unknown {
    const symbols = Object.getOwnPropertySymbols(object);
    if (symbols.length > 0) throw new Refusal("a symbol").within(propertySegment(symbols[0]!));
    const keys = Object.keys(object);
    this.bytes += Size.OBJECT_HEADER;
    if (Object.hasOwn(object, TAG_KEY)) this.plainJson = false;
    const entries: [string, unknown][] = [];
    for (const key of keys) {
      let item: unknown;
      try {
        item = this.#value(object[key]);
      } catch (error) {
        throw error instanceof Refusal ? error.within(propertySegment(key)) : error;
      }
      if (this.#copy) entries.push([key, item]);
    }
    if (!this.#copy) return object;
    // fromEntries sizes the object exactly (a `{}` grown key by key keeps slack) and defines
    // "__proto__" as data, never as the prototype.
    const out = Object.fromEntries(entries) as Record<string, unknown>;
    for (const [key, item] of entries) if (item instanceof Uint8Array) exposeBytesAt(out, key, item);
    return Object.freeze(out);
  }

  #map(map: Map<unknown, unknown>): unknown {
    this.bytes += Size.COLLECTION_HEADER;
    this.plainJson = false;
    const pairs: [unknown, unknown][] = [];
    let holdsBytes = false;
    let index = 0;
    for (const [key, item] of map) {
      this.bytes += Size.MAP_ENTRY - 2 * Size.SLOT;
      let keyCopy: unknown;
      try {
        keyCopy = this.#value(key);
      } catch (error) {
        throw error instanceof Refusal ? error.within(mapKeySegment(index)) : error;
      }
      let itemCopy: unknown;
      try {
        itemCopy = this.#value(item);
      } catch (error) {
        throw error instanceof Refusal ? error.within(mapValueSegment(key, index)) : error;
      }
      if (this.#copy) {
        pairs.push([keyCopy, itemCopy]);
        holdsBytes ||= itemCopy instanceof Uint8Array;
      }
      index++;
    }
    return this.#copy ? lockMap(new Map(pairs), holdsBytes) : map;
  }

  #set(set: Set<unknown>): unknown {
    this.bytes += Size.COLLECTION_HEADER;
    this.plainJson = false;
    const members: unknown[] = [];
    let index = 0;
    for (const member of set) {
      this.bytes += Size.SET_MEMBER - Size.SLOT;
      let copy: unknown;
      try {
        copy = this.#value(member);
      } catch (error) {
        throw error instanceof Refusal ? error.within(setSegment(index)) : error;
      }
      if (this.#copy) members.push(copy);
      index++;
    }
    return this.#copy ? lockSet(new Set(members)) : set;
  }
}
