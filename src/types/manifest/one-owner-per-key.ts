import type { AlreadyOwnedMessage, BadPatternMessage, OverlapsOwnedMessage } from "../messages/manifest.js";
import type { Written } from "../messages/quote.js";
import type { ConflictsOf, LastOf, PatternEntry } from "./pattern-index.js";

/**
 * Rule 2: no key has two owners. An owned pattern that overlaps a pattern of another cache becomes
 * the message, on the side with the longer literal prefix (both sides when the prefixes are equal).
 *
 * @example
 * const spec = { caches: { user_data: { primary: "client", owns: ["user:*"] }, admins: { primary: "server", owns: ["user:admin:*"] } } } as const
 * type V = CheckOwnedPattern<typeof spec, "admins", "user:admin:*">
 * //=> "✗ 'user:admin:*' overlaps 'user:*', owned by cache 'user_data' (client) — borrow it instead"
 */
export type CheckOwnedPattern<TManifest, TCache extends string, TPattern> =
  TPattern extends string ?
    TPattern extends "" | `${string}**${string}` ?
      BadPatternMessage<Written<TPattern>, "owns", TCache>
    : Verdict<TPattern, ConflictsOf<TManifest, TPattern, TCache>>
  : BadPatternMessage<Written<TPattern>, "owns", TCache>;

/** The pattern itself, or the message naming one of its conflicts (an alias argument, not an `infer`: fewer instantiations per pattern). */
type Verdict<TPattern extends string, TConflicts> = [TConflicts] extends [never] ? TPattern : NameConflict<TPattern, LastOf<TConflicts>>;

/** The message naming the other owner (one conflict, picked when there are several). */
type NameConflict<TPattern extends string, TConflict> =
  TConflict extends PatternEntry ?
    TConflict["p"] extends TPattern ?
      AlreadyOwnedMessage<TPattern, TConflict["c"], TConflict["l"]>
    : OverlapsOwnedMessage<TPattern, TConflict["p"], TConflict["c"], TConflict["l"]>
  : TPattern;
