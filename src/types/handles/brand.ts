import type { Typed } from "../manifest/typed.js";

/** The phantom key of an `Owned` handle's brand. */
export declare const ownedBrand: unique symbol;
/** The phantom key of a `Borrowed` handle's brand. */
export declare const borrowedBrand: unique symbol;

/**
 * What a handle is for: which cache, seen from which layer, and what the manifest says of it. The
 * manifest is taken as a parameter (contravariant), so a handle fits every manifest that declares its
 * cache the same way — `typeof app` included — while two caches or layers stay different types.
 *
 * @example
 * type B = HandleBrand<typeof app, "user_data", "client">
 */
export interface HandleBrand<TManifest, TCache extends string, TLayer extends string> {
  readonly manifest: (manifest: TManifest) => void;
  readonly cache: TCache;
  readonly layer: TLayer;
}

/**
 * The part of a manifest a handle carries in its brand: its cache's patterns, value type and whether
 * it streams. Code that reads a handle's cache from the brand (the React hooks, the TanStack Query
 * bridge) reads it through the same accessors as a whole manifest.
 *
 * @example
 * type M = CacheManifest<"user_data", readonly ["user:*"], User, "plain">
 * //=> { readonly caches: { readonly user_data: { readonly owns: readonly ["user:*"]; } & { readonly value: Typed<User>; }; }; }
 */
export type CacheManifest<TCache extends string, TOwns extends readonly string[], TValue, TKind extends string> = {
  readonly caches: { readonly [C in TCache]: { readonly owns: TOwns } & ValueField<TValue> & StreamingField<TKind> };
};

// `unknown` is what an absent field adds to the intersection: nothing.
type ValueField<TValue> = unknown extends TValue ? unknown : { readonly value: Typed<TValue> };
type StreamingField<TKind extends string> = "streaming" extends TKind ? { readonly streaming: true } : unknown;
