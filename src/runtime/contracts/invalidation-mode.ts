/**
 * How an invalidation treats the entries it reaches: `"delete"` removes them (the next read loads);
 * `"expire"` marks them stale (soft invalidation): the next read within the cache's `grace` is
 * answered with the stale value while one refresh runs in the background, like bentocache's `expire`
 * and Next's `revalidateTag(tag, "max")`; past `grace` it is a miss. A cache without `grace`, and a
 * streaming cache, has nothing to serve stale: `"expire"` deletes there.
 *
 * @example
 * const mode: InvalidationMode = "expire"
 */
export type InvalidationMode = "delete" | "expire";

/**
 * Options of a manual invalidation (`handle.invalidate(key, options)`, `layer.invalidate(pattern, options)`).
 *
 * @example
 * const options: InvalidateOptions = { mode: "expire" } // every target of the call, its cascade too, is marked stale
 */
export interface InvalidateOptions {
  /** How every target of this call (and of its cascade) is invalidated. @default each target's mode in the manifest ("delete" for the named one) */
  readonly mode?: InvalidationMode | undefined;
}
