// Our own `ReadonlyDeep`, the same recursion as type-fest 5's `source/readonly-deep.d.ts` (MIT), kept here
// because type-fest's package exports only its entry point: importing `ReadonlyDeep` from "type-fest" loads
// every type-fest file, and one of them (`object-merge.d.ts`) does not compile on TypeScript 5.4, which
// borrowcache supports, for a consumer who checks libraries (`skipLibCheck: false`).
// test/package/packed-declarations.test.ts builds the packed package and checks it on every supported compiler.

/** Values that are already immutable, or have no fields to freeze. */
type ReadonlyLeaf = string | number | boolean | bigint | symbol | null | undefined | void | Date | RegExp;

/** `true` when a function type has overloads: `Parameters` would keep only the last one, so those stay as they are. */
type HasOverloads<TFunction extends (...parameters: never[]) => unknown> =
  TFunction extends { (...parameters: infer First): unknown; (...parameters: infer Second): unknown } ?
    Second extends First ?
      First extends Second ?
        false
      : true
    : true
  : false;

/**
 * A value read-only all the way down: object fields `readonly`, arrays `ReadonlyArray`, tuples read-only
 * tuples, Maps `ReadonlyMap` and Sets `ReadonlySet`, each element read-only too.
 *
 * @example
 * type Frozen = ReadonlyDeep<{ name: string; tags: string[]; seen: Map<string, { at: number }> }>
 * //=> { readonly name: string; readonly tags: readonly string[]; readonly seen: ReadonlyMap<string, { readonly at: number }> }
 */
export type ReadonlyDeep<T> =
  T extends ReadonlyLeaf ? T
  : T extends new (...parameters: never[]) => unknown ? T
  : T extends (...parameters: never[]) => unknown ? ReadonlyFunctionDeep<T>
  : T extends Readonly<ReadonlyMap<infer TKey, infer TItem>> ? ReadonlyMap<ReadonlyDeep<TKey>, ReadonlyDeep<TItem>>
  : T extends Readonly<ReadonlySet<infer TItem>> ? ReadonlySet<ReadonlyDeep<TItem>>
  : // Tuples stay tuples; `readonly [...never[]]` is what the recursion below leaves of an empty tail.
  T extends readonly [] | readonly [...never[]] ? readonly []
  : T extends readonly [infer THead, ...infer TTail] ? readonly [ReadonlyDeep<THead>, ...ReadonlyDeep<TTail>]
  : T extends readonly [...infer TInit, infer TLast] ? readonly [...ReadonlyDeep<TInit>, ReadonlyDeep<TLast>]
  : T extends ReadonlyArray<infer TItem> ? ReadonlyArray<ReadonlyDeep<TItem>>
  : T extends object ? ReadonlyObjectDeep<T>
  : unknown;

/** A function keeps its call signature; fields hung on it become read-only (unless it is overloaded). */
type ReadonlyFunctionDeep<TFunction extends (...parameters: never[]) => unknown> =
  Record<never, never> extends ReadonlyObjectDeep<TFunction> ? TFunction
  : HasOverloads<TFunction> extends true ? TFunction
  : ((...parameters: Parameters<TFunction>) => ReturnType<TFunction>) & ReadonlyObjectDeep<TFunction>;

/** Every field `readonly`, each value read-only in turn. */
type ReadonlyObjectDeep<TObject extends object> = { readonly [TKey in keyof TObject]: ReadonlyDeep<TObject[TKey]> };
