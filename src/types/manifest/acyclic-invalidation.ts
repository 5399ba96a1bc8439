import type { InvalidationCycleMessage } from "../messages/manifest.js";
import type { CacheName, FieldOf } from "./access.js";
import type { CoveringEntry } from "./pattern-index.js";
import type { TargetOfEntry } from "./invalidation-entry.js";

/**
 * Rule 4: following `invalidates` from a cache never comes back to it. The graph is built once per
 * manifest; each target walks it breadth-first, at most `MaxCascadeDepth` steps (a longer cascade is
 * left to the run-time twin, which walks it whole — no TS2589 "excessively deep" for the user).
 *
 * @example
 * const spec = { caches: { h: { primary: "server", owns: ["h:*"], invalidates: ["i:*"] }, i: { primary: "server", owns: ["i:*"], invalidates: ["h:*"] } } } as const
 * type V = CheckAcyclic<typeof spec, "h", "i:*">  // the owner of 'i:*' is looked up unless given
 * //=> "✗ invalidating 'i:*' leads back to cache 'h' — invalidation cascades must be acyclic"
 */
export type CheckAcyclic<TManifest, TCache extends string, TTarget extends string, TOwner extends string = OwnerOf<TManifest, TTarget>> =
  TOwner extends TCache ? InvalidationCycleMessage<TTarget, TCache>
  : Reaches<InvalidationEdges<TManifest>, TOwner, TCache> extends true ? InvalidationCycleMessage<TTarget, TCache>
  : TTarget;

/** How far the compile-time cycle check walks; the run-time check has no limit. */
export type MaxCascadeDepth = 64;

/** The cache owning a target pattern. */
export type OwnerOf<TManifest, TTarget extends string> = CoveringEntry<TManifest, TTarget>["c"];

/** cache → the caches its writes invalidate, for the whole manifest at once. */
export type InvalidationEdges<TManifest> =
  TManifest extends unknown ? { [C in CacheName<TManifest>]: TargetOwners<TManifest, FieldOf<TManifest, C, "invalidates">> } & Record<string, never> : never;

/** The owners of a list of targets (either form of entry). */
type TargetOwners<TManifest, TTargets> =
  TTargets extends readonly unknown[] ?
    TargetOfEntry<TTargets[number]> extends infer T ?
      T extends string ?
        OwnerOf<TManifest, T>
      : never
    : never
  : never;

/** Breadth-first: does the walk from `Frontier` reach `Goal`? Tail-recursive, one step per level. */
type Reaches<TEdges extends Record<string, string>, Frontier extends string, Goal extends string, Seen extends string = never, Depth extends 0[] = []> =
  [Frontier] extends [never] ? false
  : Goal extends Frontier ? true
  : Depth["length"] extends MaxCascadeDepth ? false
  : Reaches<TEdges, Exclude<TEdges[Frontier], Seen | Frontier>, Goal, Seen | Frontier, [...Depth, 0]>;
