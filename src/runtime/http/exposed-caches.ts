import { BorrowError, ManifestError } from "../errors.js";
import { notExposableMessage, privateExposedWithoutAuthorizeMessage } from "../messages/http.js";
import type { CacheModel } from "../model/model.js";
import { modelOf } from "../model/model-of.js";

/** What `serveLayer` knows of an exposed cache: its model, with the compiled membership test every route uses. */
export type ExposedCache = CacheModel;

/**
 * Checks `expose` against the manifest, once, when `serveLayer` is called: each name must be a cache
 * that `layer` owns (its `primary`), and a `private` cache needs `authorize`.
 *
 * @example
 * exposedCaches(app, "edge", ["product_cache"], false) //=> Map { "product_cache" => { owns: ["products:*"], … } }
 * @throws BorrowError (rule `own-on-primary`) for a cache the layer does not own
 * @throws ManifestError (rule `private-never-shared`) for a private cache without `authorize`
 */
export function exposedCaches(manifest: unknown, layer: string, expose: readonly string[], hasAuthorize: boolean): ReadonlyMap<string, ExposedCache> {
  const model = modelOf(manifest as object);
  const exposed = new Map<string, ExposedCache>();
  for (const name of expose) {
    const cache = typeof name === "string" ? model.caches.get(name) : undefined;
    // "not a cache" in the parentheses, as the compile-time twin (src/types/handles/serve-layer.ts) writes it.
    const primary = cache ? cache.primary : "not a cache";
    if (!cache || primary !== layer) {
      throw new BorrowError(notExposableMessage(String(name), primary, layer), { rule: "own-on-primary", cache: String(name), layer });
    }
    if (cache.private && !hasAuthorize) {
      const message = privateExposedWithoutAuthorizeMessage(name, layer);
      throw new ManifestError([{ rule: "private-never-shared", message, cache: name, layer, field: "expose" }]);
    }
    exposed.set(name, cache);
  }
  return exposed;
}
