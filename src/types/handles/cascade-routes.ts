import type { FieldOf, OwnedCaches, PrimaryOf } from "../manifest/access.js";
import type { InvalidationEdges, MaxCascadeDepth, OwnerOf } from "../manifest/acyclic-invalidation.js";
import type { LastOf } from "../manifest/pattern-index.js";
import type { TargetOfEntry } from "../manifest/invalidation-entry.js";
import type { CascadeWithoutRouteMessage } from "../messages/borrow.js";

/**
 * G7 at `createLayer`: a write on a layer cascades, transitively, to every cache its caches'
 * `invalidates` reach, and the layer sends each target to its owner itself. A layer with no route to
 * one of those owners could only write and then fail half-way, so `tsc` asks for the route up front:
 * the layer argument becomes the reason, naming the cache, the target and the owner layer.
 *
 * @example
 * // user_data (client) invalidates 'profile:*', owned by profile (edge)
 * type V = CheckCascadeRoutes<typeof app, "client", {}>
 * //=> "✗ cache 'user_data' (client) invalidates 'profile:*', owned by 'profile' (edge), but layer 'client' has no route to 'edge' — pass remotes: { edge } to createLayer"
 */
export type CheckCascadeRoutes<TManifest, TLayer extends string, TRemotes> =
  MissingRoutes<TManifest, TLayer, TRemotes> extends infer TMissing extends string ?
    [TMissing] extends [never] ?
      TLayer
    : MissingRouteMessage<TManifest, TLayer, LastOf<TMissing> & string>
  : TLayer;

/** Every cache a write on the layer reaches, its own included (breadth first, at most `MaxCascadeDepth` levels). */
type CascadeCaches<TManifest, TLayer extends string> = Reach<InvalidationEdges<TManifest>, OwnedCaches<TManifest, TLayer>>;

/** The caches reached from `Frontier`, tail-recursive. */
type Reach<TEdges extends Record<string, string>, Frontier extends string, Seen extends string = never, Depth extends 0[] = []> =
  [Frontier] extends [never] ? Seen
  : Depth["length"] extends MaxCascadeDepth ? Seen | Frontier
  : Reach<TEdges, Exclude<TEdges[Frontier], Seen | Frontier>, Seen | Frontier, [...Depth, 0]>;

/** The owner layers, other than this one, that the cascade reaches and `remotes` does not name. */
type MissingRoutes<TManifest, TLayer extends string, TRemotes> = Exclude<LayersOf<TManifest, CascadeCaches<TManifest, TLayer>>, TLayer | keyof TRemotes>;

/** The primary layers of a union of caches (distributes). */
type LayersOf<TManifest, TCaches> = TCaches extends string ? PrimaryOf<TManifest, TCaches> : never;

/** One step of the cascade that needs the missing route: a cache, its target, and the target's owner on that layer. */
type EdgeTo<TManifest, TCaches, TOwnerLayer extends string> =
  TCaches extends string ?
    FieldOf<TManifest, TCaches, "invalidates"> extends infer TTargets extends readonly unknown[] ?
      TargetsOn<TManifest, TCaches, TargetOfEntry<TTargets[number]>, TOwnerLayer>
    : never
  : never;

/** The targets of one cache owned on `TOwnerLayer` (distributes over the targets). */
type TargetsOn<TManifest, TCache extends string, TTarget, TOwnerLayer extends string> =
  TTarget extends string ?
    OwnerOf<TManifest, TTarget> extends infer TOwner extends string ?
      PrimaryOf<TManifest, TOwner> extends TOwnerLayer ?
        { readonly cache: TCache; readonly target: TTarget; readonly owner: TOwner }
      : never
    : never
  : never;

/** The message for one missing layer, naming one step of the cascade that reaches it. */
type MissingRouteMessage<TManifest, TLayer extends string, TOwnerLayer extends string> =
  LastOf<EdgeTo<TManifest, CascadeCaches<TManifest, TLayer>, TOwnerLayer>> extends (
    { readonly cache: infer C extends string; readonly target: infer T extends string; readonly owner: infer O extends string }
  ) ?
    CascadeWithoutRouteMessage<C, PrimaryOf<TManifest, C>, T, O, TOwnerLayer, TLayer>
  : never;
