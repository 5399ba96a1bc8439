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
  : PrimaryNotALayerMessage<Written<TPrimary>, TCache, LayersOf<TManifest> extends infer L extends readonly string[] ? QuotedList<L> : "">;
