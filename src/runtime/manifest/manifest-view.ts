import type { PatternIndex } from "../pattern/pattern-index.js";

/**
 * The fields a cache may have (docs/design.md#the-manifest); anything else is a typo the shape guard reports.
 *
 * @example
 * cacheFields.includes("invalidate" as never)  //=> false
 */
export const cacheFields = [
  "primary",
  "owns",
  "value",
  "validate",
  "version",
  "invalidates",
  "maxSize",
  "ttl",
  "grace",
  "timeout",
  "hardTimeout",
  "streaming",
  "chunkSize",
  "warm",
  "lifetime",
  "exclusive",
  "strategy",
  "private",
] as const;

/**
 * One cache as the rule guards see it: the object the user wrote, plus its patterns with the
 * malformed ones left out (the shape guard has reported those), so that every rule can run on a
 * manifest with mistakes and report all of them at once.
 *
 * @example
 * declare const view: ManifestView // checkManifestShape(app).view, for the tour's app
 * view.caches[0] //=> { name: "user_data", input: { primary: "client", … }, layer: "client", primaryText: "client", owns: ["user:*"], … }
 */
export interface CacheView {
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The primary, when it is one of the manifest's layers. */
  readonly layer: string | undefined;
  /** The primary as a message writes it after a cache name: the layer, or what was written instead. */
  readonly primaryText: string;
  readonly owns: readonly string[];
  readonly invalidates: readonly string[];
  readonly prefetch: readonly string[];
}

/**
 * A manifest whose top level is sound (an object with `caches` and valid `layers`), read for the
 * rule guards; `owners` files every valid owned pattern by literal prefix.
 *
 * @example
 * declare const view: ManifestView // checkManifestShape(app).view, for the tour's app
 * view.owners.matching("user:42")?.value.name //=> "user_data"
 */
export interface ManifestView {
  readonly layers: readonly string[];
  readonly caches: readonly CacheView[];
  readonly owners: PatternIndex<CacheView>;
}
