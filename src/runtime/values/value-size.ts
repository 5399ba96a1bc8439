/**
 * Estimates of the heap a value retains, in bytes, on 64-bit V8 without pointer compression (Node's
 * default). They need not be exact, only proportional and close, because `maxSize` is enforced in these
 * bytes: calibrated with `bench/runtime/memory-bytes.ts` against `process.memoryUsage().heapUsed`.
 * Every value costs its 8-byte slot in its container; these are the sizes of what the slot points to.
 * `size-visitor.ts` adds them up over a value.
 * Property names are not counted: V8 shares them between objects of one shape.
 */

/** A pointer or small integer in a container. */
export const SLOT = 8;
/** Header of a plain object (map, properties, elements). */
export const OBJECT_HEADER = 24;
/** JSArray plus the header of its backing FixedArray. */
export const ARRAY_HEADER = 48;
/** JSMap/JSSet plus an empty ordered hash table, and the read-only methods shadowed on it. */
export const COLLECTION_HEADER = 120;
/** Per entry of a Map (key, value, chain link, bucket share). */
export const MAP_ENTRY = 28;
/** Per member of a Set. */
export const SET_MEMBER = 20;
/** A JSDate with its cached fields (~100), plus the 16 shadowed setters that make it read-only (~230, measured). */
export const DATE_SIZE = 330;
/** A typed array view plus its ArrayBuffer object (the bytes themselves are added). */
export const BYTES_HEADER = 160;
/** A boxed double (a number that is not a small integer). */
export const HEAP_NUMBER = 16;
/** A string's header (map, hash, length). */
export const STRING_HEADER = 16;

// eslint-disable-next-line no-control-regex -- the Latin-1 range starts at U+0000: a NUL is one byte, like any Latin-1 character
const TWO_BYTE = /[^\u0000-\u00ff]/;

/**
 * The bytes of a string: V8 keeps Latin-1 strings at 1 byte a character, others at 2, rounded to 8.
 *
 * @example
 * stringBytes("hello") //=> 24
 */
export function stringBytes(text: string): number {
  const chars = TWO_BYTE.test(text) ? text.length * 2 : text.length;
  return align(STRING_HEADER + chars);
}

/**
 * The bytes of a number beyond its slot: 0 for a small integer, a heap number otherwise.
 *
 * @example
 * numberBytes(42) //=> 0
 * numberBytes(1.5) //=> 16
 */
export function numberBytes(n: number): number {
  return Number.isInteger(n) && n >= -0x40000000 && n < 0x40000000 ? 0 : HEAP_NUMBER;
}

/**
 * The bytes of a bigint: a header and 8 bytes per 64-bit digit.
 *
 * @example
 * bigintBytes(1n) //=> 24
 */
export function bigintBytes(n: bigint): number {
  const bits = (n < 0n ? -n : n).toString(16).length * 4;
  return 16 + SLOT * Math.max(1, Math.ceil(bits / 64));
}

/** Rounds up to V8's 8-byte allocation granularity. */
export function align(bytes: number): number {
  return (bytes + 7) & ~7;
}
