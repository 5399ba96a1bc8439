import type { CacheName, OwnsOf, PrimaryOf } from "./access.js";
import type { LiteralPrefix, Prefixes } from "../pattern/parts.js";
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
 */
export type CandidatesFor<TManifest, TPattern extends string> = PrefixIndex<TManifest>[Prefixes<LiteralPrefix<TPattern>>];

/** The entries of other caches whose pattern overlaps `TPattern`, found from the side with the longer literal prefix. */
export type ConflictsOf<TManifest, TPattern extends string, TCache extends string> = KeepOverlapping<CandidatesFor<TManifest, TPattern>, TPattern, TCache>;

/** Distributes over the candidates. */
type KeepOverlapping<TEntry, TPattern extends string, TCache extends string> =
  TEntry extends PatternEntry ?
    TEntry["c"] extends TCache ? never
    : IsOverlapping<TEntry["p"], TPattern> extends true ? TEntry
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
