import type { CacheName, OwnsOf, PrimaryOf } from "./access.js";
import type { LiteralPrefix, Prefixes, ColonPrefixes } from "../pattern/parts.js";
import type { IsCoveredBy } from "../pattern/covers.js";
import type { IsOverlapping } from "../pattern/overlap.js";

/**
 * Whole-manifest lookups, built once per manifest so that each rule's check stays near-linear at
 * 1000 caches (docs/type-level.md#whole-manifest-indexes). Each aggregate is wrapped in `M extends unknown ? … : never`: that
 * memoises it per manifest; as a bare indexed access TypeScript would rebuild it at every use.
 */

/** One owned pattern and its cache. */
export interface PatternEntry {
  readonly p: string;
  readonly c: string;
  readonly l: string;
}

/** Every owned pattern of the manifest, with its cache and that cache's layer. */
export type Entries<TManifest> =
  TManifest extends unknown ? { [C in CacheName<TManifest>]: EntryOf<OwnsOf<TManifest, C>, C, PrimaryOf<TManifest, C>> }[CacheName<TManifest>] : never;

/** One entry per pattern of a cache (distributes over the pattern union). */
type EntryOf<TPattern, TCache extends string, TLayer extends string> =
  TPattern extends string ? { readonly p: TPattern; readonly c: TCache; readonly l: TLayer } : never;

/** The owned patterns filed under their literal prefix: a pattern that may overlap one starting with `x` sits under a prefix of `x`. */
export type PrefixIndex<TManifest> = TManifest extends unknown ? { [E in Entries<TManifest> as LiteralPrefix<E["p"]>]: E } & Record<string, never> : never;

/**
 * The entries whose literal prefix is a prefix of `TPattern`'s: the only ones it can overlap from the
 * longer side. Indexing with prefixes nothing is filed under gives `never` (the index's `Record<string, never>`).
 *
 * Enumerating every prefix (`Prefixes`, one template literal per character) was most of the manifest
 * check's cost, so the lookup takes two paths with the same answer. Most literal prefixes end with `:`
 * (`user:*` files under `user:`), and a key ending with `:` that is a prefix of `TPattern`'s ends at one
 * of its `:`: those few prefixes, `""` and the literal prefix itself are looked up directly. Only when
 * some other key (`config`, `user`, `files/`) is a prefix of it — one comparison against a union built
 * once per manifest — are all its prefixes enumerated.
 */
export type CandidatesFor<TManifest, TPattern extends string> = CandidatesUnder<TManifest, LiteralPrefix<TPattern>>;

/** `CandidatesFor` by literal prefix (an alias argument, not an `infer`: fewer instantiations per pattern). */
type CandidatesUnder<TManifest, TPrefix extends string> =
  [TPrefix] extends [OtherKeyStarts<TManifest>] ? PrefixIndex<TManifest>[Prefixes<TPrefix>] : PrefixIndex<TManifest>["" | TPrefix | ColonPrefixes<TPrefix>];

/** Every literal prefix the index files entries under, except `""` and those ending with `:`, as `` `${key}${string}` ``: what the fast lookup would miss. */
type OtherKeyStarts<TManifest> = TManifest extends unknown ? `${OtherKey<LiteralPrefix<Entries<TManifest>["p"]>>}${string}` : never;

/** A key that is neither `""` nor ends with `:` (distributes over the keys). */
type OtherKey<TKey extends string> = TKey extends "" | `${string}:` ? never : TKey;

/** The entries of other caches whose pattern overlaps `TPattern`, found from the side with the longer literal prefix. */
export type ConflictsOf<TManifest, TPattern extends string, TCache extends string> = KeepOverlapping<CandidatesFor<TManifest, TPattern>, TPattern, TCache>;

/** Distributes over the candidates. */
type KeepOverlapping<TEntry, TPattern extends string, TCache extends string> =
  TEntry extends { readonly c: TCache } ? never
  : TEntry extends PatternEntry ?
    IsOverlapping<TEntry["p"], TPattern> extends true ?
      TEntry
    : never
  : never;

/** The entry whose pattern covers `TPattern` (every key of it), if any: the owner of an `invalidates` or `prefetch` target. */
export type CoveringEntry<TManifest, TPattern extends string> = KeepCovering<CandidatesFor<TManifest, TPattern>, TPattern>;

/** Distributes over the candidates. */
type KeepCovering<TEntry, TPattern extends string> =
  TEntry extends PatternEntry ?
    TPattern extends TEntry["p"] ?
      TEntry // the target is an owned pattern itself: no template comparison needed
    : IsCoveredBy<TPattern, TEntry["p"]> extends true ? TEntry
    : never
  : never;

/** The union member TypeScript lists last: one conflict to name when there are several (a message is never a union). */
export type LastOf<TUnion> = UnionToIntersection<TUnion extends unknown ? (x: TUnion) => void : never> extends (x: infer L) => void ? L : never;

/** `A | B` → `A & B`, through a contravariant position. */
type UnionToIntersection<TUnion> = (TUnion extends unknown ? (x: TUnion) => void : never) extends (x: infer I) => void ? I : never;
