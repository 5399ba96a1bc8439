import type { BadFieldMessage, PrivateOnSharedLayerMessage } from "../messages/manifest.js";
import type { FirstLayer, LastLayer, PrimaryOf } from "./access.js";

/**
 * Rule 12 on `private`: per-user values never sit in a layer between the first and the last (a CDN
 * shared between users). The per-user wildcard half of the rule is checked on each owned pattern.
 *
 * @example
 * const spec = { caches: { carts: { primary: "edge", owns: ["cart:*"], private: true } } } as const
 * type V = CheckPrivate<typeof spec, "carts", true>
 * //=> "✗ cache 'carts' is private but its primary 'edge' is shared between users — make its primary 'client' or 'server'"
 */
export type CheckPrivate<TManifest, TCache extends string, TValue> =
  TValue extends boolean ?
    TValue extends true ?
      PrimaryOf<TManifest, TCache> extends FirstLayer<TManifest> | LastLayer<TManifest> ?
        TValue
      : PrivateOnSharedLayerMessage<TCache, PrimaryOf<TManifest, TCache>, FirstLayer<TManifest>, LastLayer<TManifest>>
    : TValue
  : BadFieldMessage<"private", TCache, "true or false">;
