import type { BadFieldMessage, UnserializableValueMessage } from "../messages/manifest.js";
import type { LastOf } from "./pattern-index.js";
import type { TypedValue, ValueSpec } from "./typed.js";

/**
 * `value` is `typed<T>()` or a Standard Schema; then rule 13: a value type (a `typed<T>()`'s `T`, a
 * schema's output type) holding a function or a symbol cannot cross Redis, HTTP or IndexedDB; the
 * message names the path to it. Walks at most `MaxValueDepth` levels (recursive types stop there).
 *
 * @example
 * type V = CheckValue<"user_data", Typed<{ name: string; onChange: () => void }>>
 * //=> "✗ value of cache 'user_data' holds a function at '.onChange' — values must survive Redis, HTTP and IndexedDB"
 */
export type CheckValue<TCache extends string, TTyped> =
  TTyped extends ValueSpec ? CheckSerializable<TCache, TTyped> : BadFieldMessage<"value", TCache, "typed<T>() or a Standard Schema (zod, valibot, …)">;

/** Rule 13 on a value type. */
type CheckSerializable<TCache extends string, TTyped> =
  LastOf<FindUnserializable<TypedValue<TTyped>, "">> extends infer Found ?
    [Found] extends [never] ? TTyped
    : Found extends [infer What extends string, infer Path extends string] ? UnserializableValueMessage<TCache, What, Path extends "" ? "." : Path>
    : TTyped
  : TTyped;

/** How deep `CheckValue` looks into a value type. */
export type MaxValueDepth = 8;

/** Every `[what, path]` that cannot be serialized, as a union. */
type FindUnserializable<T, Path extends string, Depth extends 0[] = []> =
  0 extends 1 & T ?
    never // `any` checks nothing
  : Depth["length"] extends MaxValueDepth ? never
  : T extends (...args: never[]) => unknown ? ["a function", Path]
  : T extends symbol ? ["a symbol", Path]
  : T extends string | number | boolean | bigint | null | undefined | Date | Uint8Array ? never
  : T extends ReadonlyMap<infer K, infer V> ?
    FindUnserializable<K, `${Path}<Map key>`, [...Depth, 0]> | FindUnserializable<V, `${Path}<Map value>`, [...Depth, 0]>
  : T extends ReadonlySet<infer V> ? FindUnserializable<V, `${Path}<Set>`, [...Depth, 0]>
  : T extends readonly unknown[] ? FindUnserializable<T[number], `${Path}[number]`, [...Depth, 0]>
  : T extends object ? { [K in keyof T & string]-?: FindUnserializable<T[K], `${Path}.${K}`, [...Depth, 0]> }[keyof T & string]
  : never;
