import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { tooManyWildcardsMessage, unownedTargetMessage } from "../messages/manifest.js";
import { starCount } from "../pattern/star-count.js";

/**
 * Rule 3: every `invalidates` target lies within a pattern some cache owns (that pattern covers every
 * key of the target, so each key a write invalidates has its owner), and has no more `*` than the
 * fewest of the writing cache's own patterns, so that every `*` of the target gets a captured part
 * of the written key (a write to `user:42` invalidates `profile:42`). The same test as the type
 * level's `CoveringEntry`.
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { user_data: { primary: "client", owns: ["user:*"], invalidates: ["nobody:*"] } } })
 * invalidatesOwnedTarget(view!)[0]?.message
 * //=> "✗ 'nobody:*' in invalidates of cache 'user_data' is owned by no cache — add a cache that owns it"
 */
export const invalidatesOwnedTarget: Guard = (manifest) =>
  manifest.caches.flatMap((cache) => {
    const fewestStars = Math.min(...cache.owns.map(starCount));
    return cache.invalidates.flatMap((target) => [
      ...(manifest.owners.covering(target).length === 0 ?
        [issueOn(cache, "invalidates-owned-target", unownedTargetMessage(target, cache.name), { pattern: target, field: "invalidates" })]
      : []),
      ...(starCount(target) > fewestStars ?
        [issueOn(cache, "invalidates-owned-target", tooManyWildcardsMessage(target, cache.name), { pattern: target, field: "invalidates" })]
      : []),
    ]);
  });
