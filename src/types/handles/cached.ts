import type { ReadOnlyValueMessage } from "../messages/value.js";

/**
 * What a read returns: the cached value, read-only all the way down. The runtime copies and freezes a
 * value once at `set`, so a hit costs no clone and no caller can corrupt the stored value; this type
 * says so to `tsc`: properties and arrays are `readonly`, and a `Date`, `Map` or `Set` is a view whose
 * mutators are errors naming the reason (`CachedDate`, `CachedMap`, `CachedSet`). Byte arrays stay
 * writable: every read hands out a fresh copy.
 *
 * A `Cached<T>` is still a `T` where a `T` is asked for (`{ ...user, name }` is a new `User`).
 *
 * @example
 * type U = Cached<{ name: string; born: Date; tags: string[] }>
 * //=> { readonly name: string; readonly born: CachedDate; readonly tags: readonly string[] }
 */
export type Cached<TValue> =
  unknown extends TValue ? TValue
  : TValue extends Primitive | Uint8Array | ((...args: never[]) => unknown) ? TValue
  : TValue extends Date ? CachedDate
  : TValue extends ReadonlyMap<infer K, infer V> ? CachedMap<Cached<K>, Cached<V>>
  : TValue extends ReadonlySet<infer V> ? CachedSet<Cached<V>>
  : CachedObject<TValue>;

/**
 * An object or array of a cached value: every property `readonly`, every member `Cached`.
 *
 * @example
 * type P = CachedObject<{ tags: string[] }>
 * //=> { readonly tags: readonly string[] }
 */
export type CachedObject<TValue> = { readonly [K in keyof TValue]: Cached<TValue[K]> };

type Primitive = string | number | bigint | boolean | symbol | null | undefined;

/** A mutator of a cached container: calling it is an error whose text is the run-time twin's (`readOnlyValueMessage`). */
type Refused<TMethod extends string, TKind extends string> = ReadOnlyValueMessage<TMethod, TKind>;

/**
 * A cached `Date`: every getter works; every setter is an error at the call, with the text it throws at
 * run time. Still a `Date` where one is asked for.
 *
 * @example
 * declare const born: CachedDate
 * born.getFullYear() // fine
 * // born.setFullYear(2000) — error: cannot call setFullYear on a cached Date: cached values are read-only — copy it first, e.g. new Date(value)
 */
export interface CachedDate extends Date {
  setTime(this: Refused<"call setTime on", "Date">, ...args: unknown[]): number;
  setMilliseconds(this: Refused<"call setMilliseconds on", "Date">, ...args: unknown[]): number;
  setUTCMilliseconds(this: Refused<"call setUTCMilliseconds on", "Date">, ...args: unknown[]): number;
  setSeconds(this: Refused<"call setSeconds on", "Date">, ...args: unknown[]): number;
  setUTCSeconds(this: Refused<"call setUTCSeconds on", "Date">, ...args: unknown[]): number;
  setMinutes(this: Refused<"call setMinutes on", "Date">, ...args: unknown[]): number;
  setUTCMinutes(this: Refused<"call setUTCMinutes on", "Date">, ...args: unknown[]): number;
  setHours(this: Refused<"call setHours on", "Date">, ...args: unknown[]): number;
  setUTCHours(this: Refused<"call setUTCHours on", "Date">, ...args: unknown[]): number;
  setDate(this: Refused<"call setDate on", "Date">, ...args: unknown[]): number;
  setUTCDate(this: Refused<"call setUTCDate on", "Date">, ...args: unknown[]): number;
  setMonth(this: Refused<"call setMonth on", "Date">, ...args: unknown[]): number;
  setUTCMonth(this: Refused<"call setUTCMonth on", "Date">, ...args: unknown[]): number;
  setFullYear(this: Refused<"call setFullYear on", "Date">, ...args: unknown[]): number;
  setUTCFullYear(this: Refused<"call setUTCFullYear on", "Date">, ...args: unknown[]): number;
}

/**
 * A cached `Map`: reads work; `set`, `delete` and `clear` are errors at the call, with the text they
 * throw at run time. Still a `Map` where one is asked for.
 *
 * @example
 * declare const prefs: CachedMap<string, string>
 * prefs.get("theme") // fine
 * // prefs.set("theme", "dark") — error: cannot set on a cached Map: cached values are read-only — copy it first, e.g. new Map(value)
 */
export interface CachedMap<TKey, TValue> extends Map<TKey, TValue> {
  set(this: Refused<"set on", "Map">, ...args: unknown[]): this;
  delete(this: Refused<"delete from", "Map">, ...args: unknown[]): boolean;
  clear(this: Refused<"clear", "Map">, ...args: unknown[]): void;
}

/**
 * A cached `Set`: reads work; `add`, `delete` and `clear` are errors at the call, with the text they
 * throw at run time. Still a `Set` where one is asked for.
 *
 * @example
 * declare const tags: CachedSet<string>
 * tags.has("a") // fine
 * // tags.add("b") — error: cannot add to a cached Set: cached values are read-only — copy it first, e.g. new Set(value)
 */
export interface CachedSet<TValue> extends Set<TValue> {
  add(this: Refused<"add to", "Set">, ...args: unknown[]): this;
  delete(this: Refused<"delete from", "Set">, ...args: unknown[]): boolean;
  clear(this: Refused<"clear", "Set">, ...args: unknown[]): void;
}
