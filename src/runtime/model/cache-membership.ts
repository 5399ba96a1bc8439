import { keyMatcher } from "../pattern/key-matcher.js";
import { patternsOverlap } from "../pattern/patterns-overlap.js";

/**
 * "Is this in this cache?" — the one answer every caller uses (handles, the layer, request scopes,
 * routes, `serveLayer`), compiled once per cache when the manifest's model is built, so the in-process
 * path and the HTTP path can never disagree.
 *
 * - A key (no `*`) is in the cache when it matches one of the cache's `owns` patterns.
 * - A pattern (with `*`) is in the cache when it reaches at least one of the cache's keys (it overlaps
 *   one of `owns`). Invalidating `profile*` in a cache owning `profile:*` drops the keys both match —
 *   every `profile:…` key — just as a Redis `SCAN MATCH` would: a pattern names the keys it matches,
 *   wherever they live. A pattern that reaches none of the cache's keys is refused, naming the cache.
 *
 * @example
 * const membership = cacheMembership(["profile:*"]);
 * membership.acceptsKey("profile:1")   //=> true
 * membership.accepts("profile*")       //=> true  (reaches 'profile:1')
 * membership.accepts("user:*")         //=> false
 */
export function cacheMembership(owns: readonly string[]): CacheMembership {
  const acceptsKey = keyMatcher(owns);
  const acceptsPattern = (pattern: string): boolean => owns.some((own) => patternsOverlap(own, pattern));
  return {
    acceptsKey,
    acceptsPattern,
    accepts: (keyOrPattern) => (keyOrPattern.includes("*") ? acceptsPattern(keyOrPattern) : acceptsKey(keyOrPattern)),
  };
}

/** The compiled membership test of one cache. */
export interface CacheMembership {
  /** Whether `key` is one of the cache's keys (a read or write target). */
  readonly acceptsKey: (key: string) => boolean;
  /** Whether a pattern reaches one of the cache's keys (an invalidation target). */
  readonly acceptsPattern: (pattern: string) => boolean;
  /** `acceptsPattern` for a target with `*`, `acceptsKey` otherwise. */
  readonly accepts: (keyOrPattern: string) => boolean;
}
