import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { offlineFirstNotOnClientMessage } from "../messages/manifest.js";

/**
 * Rule 8: an `offline_first` cache lives on the layer nearest the user (`layers[0]`), the only one
 * with storage that works offline.
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { settings: { primary: "edge", owns: ["settings:*"], strategy: "offline_first" } } })
 * offlineFirstOnClient(view!)[0]?.message
 * //=> "✗ cache 'settings' is offline_first but its primary is 'edge' — make its primary 'client', the layer nearest the user"
 */
export const offlineFirstOnClient: Guard = (manifest) => {
  const first = manifest.layers[0] ?? "";
  return manifest.caches.flatMap((cache) =>
    cache.input["strategy"] === "offline_first" && cache.layer !== undefined && cache.layer !== first ?
      [issueOn(cache, "offline-first-on-client", offlineFirstNotOnClientMessage(cache.name, cache.layer, first), { field: "strategy" })]
    : [],
  );
};
