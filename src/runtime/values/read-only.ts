/**
 * Makes the containers a frozen value holds read-only where `Object.freeze` cannot: a frozen `Map`,
 * `Set` or `Date` still changes through its methods, and a `Uint8Array` cannot be frozen at all.
 *
 * Maps, Sets and Dates get their mutators shadowed by own, non-enumerable methods that throw a
 * `TypeError`; their prototype stays `Map.prototype` (…), so `instanceof`, `structuredClone`,
 * `assert.deepStrictEqual` and other libraries see an ordinary Map. Reads go to the prototype as
 * usual, so a hit costs nothing extra. (A caller who deliberately calls `Map.prototype.set.call(v, …)`
 * still gets through; that is not an accident we can guard against without a Proxy on every read.)
 * The price is memory, not time: the 16 shadowed setters add about 230 bytes to each stored Date, and
 * 3 methods about 50 bytes to each Map or Set. A subclass would cost nothing per instance, but it would
 * change the prototype, which `deepStrictEqual` and many serializers check.
 *
 * Byte arrays: a stored copy is exposed through a getter that returns a fresh copy on every read, so
 * a reader may write into what it got without touching the stored bytes. That costs one copy of the
 * bytes per read of the property holding them (read it once into a variable). The exception is a byte
 * array used as a Map key or a Set member, which is found by identity and so handed out as stored.
 */

import { readOnlyValueMessage } from "../messages/value.js";

function refuse(kind: string, method: string): never {
  throw new TypeError(readOnlyValueMessage(method, kind));
}

const mapMutators = {
  set(): never {
    return refuse("Map", "set on");
  },
  delete(): never {
    return refuse("Map", "delete from");
  },
  clear(): never {
    return refuse("Map", "clear");
  },
};
const setMutators = {
  add(): never {
    return refuse("Set", "add to");
  },
  delete(): never {
    return refuse("Set", "delete from");
  },
  clear(): never {
    return refuse("Set", "clear");
  },
};
const DATE_SETTERS = [
  "setTime",
  "setMilliseconds",
  "setUTCMilliseconds",
  "setSeconds",
  "setUTCSeconds",
  "setMinutes",
  "setUTCMinutes",
  "setHours",
  "setUTCHours",
  "setDate",
  "setUTCDate",
  "setMonth",
  "setUTCMonth",
  "setFullYear",
  "setUTCFullYear",
  "setYear",
] as const;
const dateMutators: Record<string, () => never> = Object.fromEntries(DATE_SETTERS.map((name) => [name, () => refuse("Date", `call ${name} on`)]));

function shadow(target: object, methods: Record<PropertyKey, unknown>): void {
  for (const name of Reflect.ownKeys(methods)) {
    Object.defineProperty(target, name, { value: methods[name], enumerable: false, writable: false, configurable: false });
  }
}

/**
 * A fresh copy of bytes, the form every reader gets.
 *
 * @example
 * const stored = new Uint8Array([1, 2])
 * const mine = copyBytes(stored)
 * mine[0] = 9
 * stored[0] //=> 1
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function exposeItem(item: unknown): unknown {
  return item instanceof Uint8Array ? copyBytes(item) : item;
}

/**
 * Makes a Map read-only (and, when its values include byte arrays, hands out copies of them), then
 * freezes it. Keys are handed out as stored, even byte arrays: a Map finds keys by identity, so a
 * copied key could not be looked up again.
 *
 * @example
 * const map = lockMap(new Map([["a", 1]]), false)
 * map.set("b", 2) // TypeError
 */
export function lockMap<K, V>(map: Map<K, V>, holdsBytes: boolean): Map<K, V> {
  shadow(map, mapMutators);
  if (holdsBytes) {
    const base = Map.prototype;
    const entries = (): IterableIterator<[K, V]> =>
      Array.from(base.entries.call(map) as IterableIterator<[K, V]>, ([k, v]) => [k, exposeItem(v)] as [K, V]).values();
    shadow(map, {
      get: (key: K) => exposeItem(base.get.call(map, key)),
      values: () => Array.from(base.values.call(map) as IterableIterator<V>, exposeItem).values(),
      entries,
      [Symbol.iterator]: entries,
      forEach: (fn: (value: V, key: K, self: Map<K, V>) => void, thisArg?: unknown) => {
        for (const [k, v] of entries()) fn.call(thisArg, v, k, map);
      },
    });
  }
  return Object.freeze(map);
}

/**
 * Makes a Set read-only, then freezes it. Members are handed out as stored, even byte arrays: a Set
 * finds members by identity, so a copied member would no longer be `has`-able.
 *
 * @example
 * const set = lockSet(new Set([1]))
 * set.add(2) // TypeError
 */
export function lockSet<T>(set: Set<T>): Set<T> {
  shadow(set, setMutators);
  return Object.freeze(set);
}

/**
 * Makes a Date read-only: every `set*` method throws. Then freezes it.
 *
 * @example
 * lockDate(new Date(0)).setTime(5) // TypeError
 */
export function lockDate(date: Date): Date {
  shadow(date, dateMutators);
  return Object.freeze(date);
}

/**
 * Replaces a data property holding stored bytes with a getter that returns a copy on each read.
 * Call before freezing `target`.
 *
 * @example
 * const copy = { name: "avatar.png" }
 * exposeBytesAt(copy, "avatar", new Uint8Array([137, 80]))
 * Object.freeze(copy) // each read of copy.avatar is a fresh Uint8Array
 */
export function exposeBytesAt(target: object, key: string | number, bytes: Uint8Array): void {
  Object.defineProperty(target, key, { get: () => copyBytes(bytes), enumerable: true, configurable: false });
}
