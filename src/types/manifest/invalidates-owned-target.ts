import type { BadFieldMessage, BadPatternMessage, TooManyWildcardsMessage, UnownedTargetMessage } from "../messages/manifest.js";
import type { InvalidationMode } from "../../runtime/contracts/invalidation-mode.js";
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

/**
 * One `invalidates` entry: a string is checked as a target; an entry `{ target, mode }` has its target
 * checked the same way (the same messages, on its `target`) and its `mode` checked to be one.
 *
 * @example
 * type V = CheckInvalidatesEntry<typeof app, "user_data", { readonly target: "nobody:*"; readonly mode: "expire" }>
 * //=> { readonly target: "✗ 'nobody:*' in invalidates of cache 'user_data' is owned by no cache — add a cache that owns it"; readonly mode: "expire" }
 */
export type CheckInvalidatesEntry<TManifest, TCache extends string, TEntry> =
  TEntry extends string ? CheckInvalidatesTarget<TManifest, TCache, TEntry>
  : // Keys and indexed access, not `extends { target: infer T }`: on TypeScript 5.x the inferred manifest is
  // a reverse mapped type, whose properties `infer` does not see.
  TEntry extends object ?
    "target" extends keyof TEntry ?
      { readonly [K in keyof TEntry]: K extends "target" ? CheckInvalidatesTarget<TManifest, TCache, TEntry[K]> : CheckMode<TCache, K, TEntry[K]> }
    : CheckInvalidatesTarget<TManifest, TCache, TEntry>
  : CheckInvalidatesTarget<TManifest, TCache, TEntry>;

/** The `mode` of an entry `{ target, mode }`: one of the modes; any other field is not one either. */
type CheckMode<TCache extends string, TField, TMode> =
  TField extends "mode" ?
    TMode extends InvalidationMode ?
      TMode
    : BadFieldMessage<"mode in invalidates", TCache, "'delete' or 'expire'">
  : BadFieldMessage<"mode in invalidates", TCache, "'delete' or 'expire'">;

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
