import type { DefaultLayers } from "./input.js";

/**
 * Reading manifest types. Every access indexes (`T[K]`) rather than testing structure
 * (`T extends { primary: infer P }`): on TypeScript 5.0–5.9 a type inferred through `defineManifest`'s
 * homomorphic parameter (a "reverse mapped type") answers structural tests wrongly, while `keyof` and
 * indexed access stay right (microsoft/TypeScript#56910 era behaviour; fixed in 6.0).
 */

/** `T[K]` when `T` has `K`, else `undefined`. */
export type Get<T, K extends PropertyKey> = K extends keyof T ? T[K] : undefined;

/** The caches of a manifest. */
export type CachesOf<TManifest> = Get<TManifest, "caches"> & Record<string, unknown>;

/** One cache of a manifest. */
export type CacheOf<TManifest, TCache extends PropertyKey> = CachesOf<TManifest>[TCache & string];

/** A field of one cache, `undefined` when absent. */
export type FieldOf<TManifest, TCache extends PropertyKey, TField extends string> = Get<CacheOf<TManifest, TCache>, TField>;

/** The cache names of a manifest. */
export type CacheName<TManifest> = keyof Get<TManifest, "caches"> & string;

/** The layers of a manifest: its own `layers`, or client, edge, server. */
export type LayersOf<TManifest> = "layers" extends keyof TManifest ? TManifest["layers" & keyof TManifest] : DefaultLayers;

/** One layer name of a manifest. */
export type LayerName<TManifest> = LayersOf<TManifest> extends readonly (infer L)[] ? L & string : never;

/** The layer nearest the user. */
export type FirstLayer<TManifest> = LayersOf<TManifest> extends readonly [infer F extends string, ...unknown[]] ? F : string;

/** The origin layer. */
export type LastLayer<TManifest> = LayersOf<TManifest> extends readonly [...unknown[], infer L extends string] ? L : string;

/** The patterns a cache owns, as a union. */
export type OwnsOf<TManifest, TCache extends PropertyKey> =
  FieldOf<TManifest, TCache, "owns"> extends infer O ?
    O extends readonly string[] ?
      O[number]
    : never
  : never;

/** The patterns a cache owns, as written (a tuple). */
export type OwnsTupleOf<TManifest, TCache extends PropertyKey> =
  FieldOf<TManifest, TCache, "owns"> extends infer O ?
    O extends readonly string[] ?
      O
    : readonly []
  : readonly [];

/** The primary layer of a cache. */
export type PrimaryOf<TManifest, TCache extends PropertyKey> = FieldOf<TManifest, TCache, "primary"> & string;

/** `true` when a boolean field is literally `true`. */
export type IsOn<TManifest, TCache extends PropertyKey, TField extends string> = FieldOf<TManifest, TCache, TField> extends true ? true : false;

/** `true` when a field is present. */
export type HasField<TManifest, TCache extends PropertyKey, TField extends string> = TField extends keyof CacheOf<TManifest, TCache> ? true : false;

/**
 * The caches whose primary is `TLayer`, as a union: what a layer owns.
 *
 * @example
 * type O = OwnedCaches<{ caches: { a: { primary: "client"; owns: ["a:*"] }; b: { primary: "server"; owns: ["b:*"] } } }, "server">
 * //=> "b"
 */
export type OwnedCaches<TManifest, TLayer extends string> = OwnedIn<Get<TManifest, "caches">, TLayer>;

/** `OwnedCaches` over the caches object: one indexed access per cache rather than `PrimaryOf`'s chain (the layer-side checks run it over the whole manifest). */
type OwnedIn<TCaches, TLayer extends string> = {
  [C in keyof TCaches & string]: TCaches[C]["primary" & keyof TCaches[C]] extends TLayer ? C : never;
}[keyof TCaches & string];
