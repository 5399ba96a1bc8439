import type { PrimaryNotALayerMessage } from "../messages/manifest.js";
import type { QuotedList, Written } from "../messages/quote.js";
import type { LayerName, LayersOf } from "./access.js";

/**
 * Rule 1: `primary` names one of the manifest's layers.
 *
 * @example
 * type V = CheckPrimary<{ caches: {} }, "user_data", "clinet">
 * //=> "✗ primary 'clinet' of cache 'user_data' is not a layer — use one of 'client', 'edge', 'server'"
 */
export type CheckPrimary<TManifest, TCache extends string, TPrimary> =
  TPrimary extends LayerName<TManifest> ? TPrimary
  : TPrimary extends "" ? LayerName<TManifest> | NotALayer<TManifest, TCache, TPrimary>
  : NotALayer<TManifest, TCache, TPrimary>;

/** The message; after `primary: ""` (an editor asking what to write) the layers come with it, so completion lists them. */
type NotALayer<TManifest, TCache extends string, TPrimary> = PrimaryNotALayerMessage<
  Written<TPrimary>,
  TCache,
  LayersOf<TManifest> extends infer L extends readonly string[] ? QuotedList<L> : ""
>;
