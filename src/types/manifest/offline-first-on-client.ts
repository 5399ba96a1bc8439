import type { BadFieldMessage, OfflineFirstNotOnClientMessage, RealTimeNotAtOriginMessage } from "../messages/manifest.js";
import type { FirstLayer, LastLayer, PrimaryOf } from "./access.js";

/**
 * Rules 8 and 9, on `strategy`: `offline_first` lives on the layer nearest the user,
 * `real_time` on the origin layer.
 *
 * @example
 * const spec = { caches: { settings: { primary: "edge", owns: ["settings:*"], strategy: "offline_first" } } } as const
 * type V = CheckStrategy<typeof spec, "settings", "offline_first">
 * //=> "✗ cache 'settings' is offline_first but its primary is 'edge' — make its primary 'client', the layer nearest the user"
 */
export type CheckStrategy<TManifest, TCache extends string, TStrategy> =
  TStrategy extends "offline_first" ?
    PrimaryOf<TManifest, TCache> extends FirstLayer<TManifest> ?
      TStrategy
    : OfflineFirstNotOnClientMessage<TCache, PrimaryOf<TManifest, TCache>, FirstLayer<TManifest>>
  : TStrategy extends "real_time" ?
    PrimaryOf<TManifest, TCache> extends LastLayer<TManifest> ?
      TStrategy
    : RealTimeNotAtOriginMessage<TCache, PrimaryOf<TManifest, TCache>, LastLayer<TManifest>>
  : BadFieldMessage<"strategy", TCache, "'offline_first' or 'real_time'">;
