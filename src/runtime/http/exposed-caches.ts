import { BorrowError, ManifestError } from "../errors.js";
import { notExposableMessage, privateExposedWithoutAuthorizeMessage } from "../messages/http.js";

/** What `serveLayer` needs to know of an exposed cache. */
export interface ExposedCache {
  readonly name: string;
  readonly owns: readonly string[];
  readonly private: boolean;
  readonly streaming: boolean;
}

interface CacheFields {
  readonly primary?: unknown;
  readonly owns?: unknown;
  readonly private?: unknown;
  readonly streaming?: unknown;
}

/**
 * Checks `expose` against the manifest, once, when `serveLayer` is called: each name must be a cache
 * that `layer` owns (its `primary`), and a `private` cache needs `authorize`. Reads the manifest as
 * `defineManifest` returns it or as its normalised model (`caches` as a record or a `Map`).
 *
 * @example
 * exposedCaches(app, "edge", ["product_cache"], false) //=> Map { "product_cache" => { owns: ["products:*"], … } }
 * @throws BorrowError (rule `own-on-primary`) for a cache the layer does not own
 * @throws ManifestError (rule `private-never-shared`) for a private cache without `authorize`
 */
export function exposedCaches(manifest: unknown, layer: string, expose: readonly string[], hasAuthorize: boolean): ReadonlyMap<string, ExposedCache> {
  const caches = (manifest as { caches?: unknown } | undefined)?.caches;
  const lookup = (name: string): CacheFields | undefined =>
    caches instanceof Map ? (caches.get(name) as CacheFields | undefined)
    : typeof caches === "object" && caches !== null && Object.hasOwn(caches, name) ? (caches as Record<string, CacheFields>)[name]
    : undefined;
  const exposed = new Map<string, ExposedCache>();
  for (const name of expose) {
    const fields = lookup(name);
    // "not a cache" in the parentheses, as the compile-time twin (src/types/handles/serve-layer.ts) writes it.
    const primary = !fields ? "not a cache" : typeof fields.primary === "string" ? fields.primary : "no layer";
    if (!fields || primary !== layer) {
      throw new BorrowError(notExposableMessage(name, primary, layer), { rule: "own-on-primary", cache: name, layer });
    }
    const isPrivate = fields.private === true;
    if (isPrivate && !hasAuthorize) {
      const message = privateExposedWithoutAuthorizeMessage(name, layer);
      throw new ManifestError([{ rule: "private-never-shared", message, cache: name, layer, field: "expose" }]);
    }
    const owns = Array.isArray(fields.owns) ? fields.owns.filter((p): p is string => typeof p === "string") : [];
    exposed.set(name, { name, owns, private: isPrivate, streaming: fields.streaming === true });
  }
  return exposed;
}
