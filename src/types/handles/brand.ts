/** The phantom key of an `Owned` handle's brand. */
export declare const ownedBrand: unique symbol;
/** The phantom key of a `Borrowed` handle's brand. */
export declare const borrowedBrand: unique symbol;

/**
 * What a handle is for: which manifest, which cache, seen from which layer. Two handles of different
 * caches or layers are different types, so one cache's handle is never accepted for another's.
 *
 * @example
 * type B = HandleBrand<typeof app, "user_data", "client">
 */
export interface HandleBrand<TManifest, TCache extends string, TLayer extends string> {
  readonly manifest: TManifest;
  readonly cache: TCache;
  readonly layer: TLayer;
}
