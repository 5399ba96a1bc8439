import type { BadPatternMessage, TooManyWildcardsMessage, UnownedTargetMessage } from "../messages/manifest.js";
import type { Written } from "../messages/quote.js";
import type { Stars } from "../pattern/parts.js";
import type { OwnsOf } from "./access.js";
import type { CoveringEntry } from "./pattern-index.js";
import type { CheckAcyclic } from "./acyclic-invalidation.js";

/**
 * Rule 3: an `invalidates` target lies within a pattern some cache owns, and has no more `*` than
 * the writing cache's patterns can capture. Then rule 4 (acyclic) is checked on the same entry.
 *
 * @example
 * type V = CheckInvalidatesTarget<typeof app, "user_data", "nobody:*">
 * //=> "✗ 'nobody:*' in invalidates of cache 'user_data' is owned by no cache — add a cache that owns it"
 */
export type CheckInvalidatesTarget<TManifest, TCache extends string, TTarget> =
  TTarget extends string ?
    TTarget extends "" | `${string}**${string}` ? BadPatternMessage<Written<TTarget>, "invalidates", TCache>
    : CoveringEntry<TManifest, TTarget> extends infer Owner ?
      [Owner] extends [never] ? UnownedTargetMessage<TTarget, TCache>
      : HasMoreStars<TTarget, OwnsOf<TManifest, TCache>> extends true ? TooManyWildcardsMessage<TTarget, TCache>
      : CheckAcyclic<TManifest, TCache, TTarget, OwnerName<Owner>>
    : never
  : BadPatternMessage<Written<TTarget>, "invalidates", TCache>;

/** The cache of a covering entry. */
type OwnerName<TEntry> = TEntry extends { readonly c: infer C extends string } ? C : never;

/**
 * `true` when the target has more `*` than some owned pattern. The common cases answer without
 * counting: a starless target never has more; a one-star target has more only than a starless pattern.
 */
type HasMoreStars<TTarget extends string, TOwned> =
  TTarget extends `${string}*${string}*${string}` ? CountedMoreStars<TTarget, TOwned>
  : TTarget extends `${string}*${string}` ?
    true extends (TOwned extends `${string}*${string}` ? false : true) ?
      true
    : false
  : false;

/** Counts stars (distributes over the owned patterns). */
type CountedMoreStars<TTarget extends string, TOwned> =
  true extends (
    TOwned extends string ?
      Stars<TTarget> extends [...Stars<TOwned>, "*", ...string[]] ?
        true
      : false
    : never
  ) ?
    true
  : false;
