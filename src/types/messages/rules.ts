/**
 * The names of the rules, shared by the compile-time checker and its run-time twins.
 * A `ManifestError` or `BorrowError` carries one in its `rule` field so callers branch on data, not text.
 *
 * @example
 * type R = ManifestRule
 * //=> "manifest-shape" | "primary-is-a-layer" | "one-owner-per-key" | …
 */
export type ManifestRule =
  | "manifest-shape"
  | "primary-is-a-layer"
  | "one-owner-per-key"
  | "invalidates-owned-target"
  | "acyclic-invalidation"
  | "streaming-needs-chunk-size"
  | "sizes-and-durations"
  | "prefetch-owned-by-cache"
  | "offline-first-on-client"
  | "real-time-never-stale"
  | "session-needs-expiry"
  | "freshness-needs-ttl"
  | "private-never-shared"
  | "validate-needs-schema"
  | "values-survive-serialization";

/**
 * The borrow rules checked at use sites (handles) and their run-time twins.
 *
 * @example
 * type R = BorrowRule
 * //=> … | "own-on-primary" | "write-through-owner" | "key-in-patterns" | …
 */
export type BorrowRule =
  | "own-on-primary"
  | "write-through-owner"
  | "key-in-patterns"
  | "route-to-owner"
  | "cascade-needs-route"
  | "exclusive-writes-atomically"
  | "streaming-reads-by-stream"
  | "scoped-set-in-scope"
  | "session-needs-expiry"
  | "values-survive-serialization"
  | "unknown-cache";
