import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { prefetchNotOwnedMessage } from "../messages/manifest.js";
import { patternCovers } from "../pattern/pattern-covers.js";

/**
 * Rule 7: every `warm.prefetch` pattern lies inside one of the cache's own patterns (every key it
 * matches is owned by this cache): `popular:x:*` inside `popular:*`.
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { data_cache: { primary: "server", owns: ["data:*"], warm: { prefetch: ["b:*"] } } } })
 * prefetchOwnedByCache(view!)[0]?.message
 * //=> "✗ prefetch 'b:*' is not owned by cache 'data_cache' — prefetch only what it owns"
 */
export const prefetchOwnedByCache: Guard = (manifest) =>
  manifest.caches.flatMap((cache) =>
    cache.prefetch
      .filter((pattern) => !cache.owns.some((owned) => patternCovers(owned, pattern)))
      .map((pattern) => issueOn(cache, "prefetch-owned-by-cache", prefetchNotOwnedMessage(pattern, cache.name), { pattern, field: "warm.prefetch" })),
  );
