import type { FieldOf, OwnedCaches } from "../manifest/access.js";
import type { LayerName } from "../manifest/access.js";
import type { LayerOptionsBase } from "../../runtime/contracts/layer-options.js";
import type { ListingSource, Source } from "../../runtime/contracts/source.js";
import type { RouteSource } from "../../runtime/contracts/route.js";
import type { ValueOf } from "./keys.js";
import type { Layer } from "./layer.js";
import type { WarmWithoutSourceMessage } from "../messages/borrow.js";
import type { LastOf } from "../manifest/pattern-index.js";
import type { CheckCascadeRoutes } from "./cascade-routes.js";
import type { CheckStoreFits } from "./store-fits.js";

/** The `warm` caches a layer owns: each needs a listing source. */
type WarmCaches<TManifest, TLayer extends string> = {
  [C in OwnedCaches<TManifest, TLayer>]: FieldOf<TManifest, C, "warm"> extends undefined ? never : C;
}[OwnedCaches<TManifest, TLayer>];

/**
 * `sources`: optional loaders for the caches this layer owns, required (with `keys`) for its warm
 * caches. A missing warm source is reported with the reason: the property's type carries the message.
 */
type Sources<TManifest, TLayer extends string> = {
  readonly [C in Exclude<OwnedCaches<TManifest, TLayer>, WarmCaches<TManifest, TLayer>>]?: Source<ValueOf<TManifest, C>>;
} & { readonly [C in WarmCaches<TManifest, TLayer>]: ListingSource<ValueOf<TManifest, C>> | WarmWithoutSourceMessage<C, TLayer> };

/** The options every layer takes, with `remotes` typed by the manifest's other layers. */
interface CommonOptions<TManifest, TLayer extends string> extends LayerOptionsBase {
  /** How to reach the owner layers of what this layer borrows: another `Layer` in this process (its `route`), or `remoteLayer(url)`. Read at each use, so a route may be added later. */
  readonly remotes?: { readonly [L in Exclude<LayerName<TManifest>, TLayer>]?: RouteSource };
}

/**
 * `createLayer`'s options, typed by the manifest: a layer that owns a `warm` cache must be given a
 * source with `keys` for it, and `tsc` names the one missing.
 *
 * @example
 * const options: LayerOptions<typeof app, "server"> = {
 *   sources: { data_cache: { load: (key) => db.load(key), keys: (pattern) => db.scan(pattern) } },
 * }
 */
export type LayerOptions<TManifest, TLayer extends string> = CommonOptions<TManifest, TLayer> &
  ([WarmCaches<TManifest, TLayer>] extends [never] ? { readonly sources?: Sources<TManifest, TLayer> }
  : SourcesRequired<WarmWithoutSourceMessage<LastOf<WarmCaches<TManifest, TLayer>> & string, TLayer>, Sources<TManifest, TLayer>>);

/**
 * `sources`, required: named by an interface whose first argument is the reason, so options without
 * `sources` are refused with "Property 'sources' is missing … but required in type
 * 'SourcesRequired<"✗ cache 'data_cache' warms on layer 'server' but has no source there …", …>'".
 *
 * @example
 * const options: SourcesRequired<"✗ …", { data_cache: ListingSource<unknown> }> = { sources: { data_cache: { load: async () => 1, keys: async function* () {} } } }
 */
export interface SourcesRequired<_TReason extends string, TSources> {
  readonly sources: TSources;
}

/**
 * The layer parameter when no options are passed: the layer, unless it owns a warm cache — then the
 * reason, on the layer argument (a missing argument would only say "Expected 3 arguments").
 */
// `{}` below is "no options given": the empty object type the options would be.
/* eslint-disable @typescript-eslint/no-empty-object-type */
type LayerWithoutOptions<TManifest, TLayer extends string> =
  [WarmCaches<TManifest, TLayer>] extends [never] ? CheckCascadeRoutes<TManifest, TLayer, {}>
  : WarmWithoutSourceMessage<LastOf<WarmCaches<TManifest, TLayer>> & string, TLayer>;

/**
 * Creates one layer of the application in this process.
 *
 * @example
 * declare const user: User
 * const client = createLayer(app, "client", { store: idbStore("my-app"), remotes: { edge: remoteLayer("https://edge.example") } })
 * await client.own("user_data").set("user:1", user)
 */
export interface CreateLayer {
  // Two signatures told apart by arity, so each call has one candidate and its own error text.
  <const TManifest, const TLayer extends LayerName<TManifest>>(app: TManifest, layer: LayerWithoutOptions<TManifest, TLayer>): Layer<TManifest, TLayer>;
  // `TRemotes` and `TStore` are read off the options only to check them, and the check is reported on
  // the layer argument: every layer a write's cascade reaches has a route, and the store can do what
  // the caches owned here ask of it. `store` stays a bare `TStore` so that a union of stores is
  // inferred whole (a check type there would infer only its first member).
  <const TManifest, const TLayer extends LayerName<TManifest>, TRemotes = {}, TStore = undefined>(
    app: TManifest,
    layer: CheckLayerArgument<TManifest, TLayer, TRemotes, TStore>,
    options: LayerOptions<TManifest, TLayer> & { readonly remotes?: TRemotes; readonly store?: TStore },
  ): Layer<TManifest, TLayer>;
}
/* eslint-enable @typescript-eslint/no-empty-object-type */

/** The layer argument, or the first problem found with the options: a cascade without a route, then a store that does not fit. */
type CheckLayerArgument<TManifest, TLayer extends string, TRemotes, TStore> =
  CheckCascadeRoutes<TManifest, TLayer, TRemotes> extends infer TChecked ?
    [TChecked] extends [TLayer] ?
      CheckStoreFits<TManifest, TLayer, TStore> extends infer TFits ?
        [TFits] extends [string] ?
          TFits
        : TLayer
      : TLayer
    : TChecked
  : TLayer;

export type { LayerOptionsBase, ListingSource, OwnedCaches, Source };
