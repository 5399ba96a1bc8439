import type { BadPatternMessage, TooManyWildcardsMessage, UnownedTargetMessage } from "../messages/manifest.js";
import type { Written } from "../messages/quote.js";
import type { IsWellFormedPattern, Stars } from "../pattern/parts.js";
import type { OwnsOf } from "./access.js";
import type { CoveringEntry } from "./pattern-index.js";
import type { CheckAcyclic } from "./acyclic-invalidation.js";

/**
 * Rule 3: an `invalidates` target lies within a pattern some cache owns, and has no more `*` than
 * the writing cache's patterns can capture. Then rule 4 (acyclic) is checked on the same entry.
 *
 * @example
 * type V = CheckInvalidatesTarget<typeof spec, "user_data", "nobody:*">
 * //=> "✗ 'nobody:*' in invalidates of cache 'user_data' is owned by no cache — add a cache that owns it"
 */
export type CheckInvalidatesTarget<TManifest, TCache extends string, TTarget> =
  TTarget extends string
    ? IsWellFormedPattern<TTarget> extends false ? BadPatternMessage<Written<TTarget>, "invalidates", TCache>
    : [CoveringEntry<TManifest, TTarget>] extends [never] ? UnownedTargetMessage<TTarget, TCache>
    : HasMoreStars<TTarget, OwnsOf<TManifest, TCache>> extends true ? TooManyWildcardsMessage<TTarget, TCache>
    : CheckAcyclic<TManifest, TCache, TTarget>
    : BadPatternMessage<Written<TTarget>, "invalidates", TCache>;

/** `true` when the target has more `*` than some owned pattern (distributes over the owned patterns). */
type HasMoreStars<TTarget extends string, TOwned> =
  true extends (TOwned extends string ? (Stars<TTarget> extends [...Stars<TOwned>, "*", ...string[]] ? true : false) : never)
    ? true
    : false;
