import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { primaryNotALayerMessage } from "../messages/manifest.js";
import { quotedList, written } from "../messages/quote.js";

/**
 * Rule 1: every cache's `primary` is one of the manifest's `layers`.
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { user_data: { primary: "clinet", owns: ["user:*"] } } })
 * primaryIsALayer(view!)[0]?.message
 * //=> "✗ primary 'clinet' of cache 'user_data' is not a layer — use one of 'client', 'edge', 'server'"
 */
export const primaryIsALayer: Guard = (manifest) =>
  manifest.caches.flatMap((cache) =>
    cache.layer !== undefined ?
      []
    : [
        issueOn(cache, "primary-is-a-layer", primaryNotALayerMessage(written(cache.input["primary"]), cache.name, quotedList(manifest.layers)), {
          field: "primary",
        }),
      ],
  );
