import type { Attributes } from "@opentelemetry/api";
import type { TraceSite } from "../runtime/events/layer-probe.js";
import type { ManifestModel } from "../runtime/model/model.js";
import { keyPatternOf } from "../runtime/observe/index.js";

/** The attribute names borrowcache reports (docs/observability.md). */
export const Attribute = {
  cache: "borrowcache.cache",
  layer: "borrowcache.layer",
  keyPattern: "borrowcache.key_pattern",
  /** Only for caches that are not `private`: a private cache's keys (and values) are never reported. */
  key: "borrowcache.key",
  owner: "borrowcache.owner",
  operation: "borrowcache.operation",
  isPattern: "borrowcache.is_pattern",
  via: "borrowcache.via",
  stale: "borrowcache.stale",
} as const;

/**
 * A span's attributes for a traced call: cache, layer, the cache's pattern the key falls under, and
 * the key itself unless the cache is private (its keys name a user: they never leave the process).
 *
 * @example
 * import { modelOf } from "../runtime/model/model-of.js";
 * spanAttributes(modelOf(app), { cache: "user_data", layer: "client", key: "user:42" })
 * //=> { "borrowcache.cache": "user_data", "borrowcache.layer": "client", "borrowcache.key_pattern": "user:*", "borrowcache.key": "user:42" }
 */
export function spanAttributes(model: ManifestModel, site: TraceSite): Attributes {
  const cache = model.caches.get(site.cache);
  const attributes: Attributes = {
    [Attribute.cache]: site.cache,
    [Attribute.layer]: site.layer,
    [Attribute.keyPattern]: keyPatternOf(cache, site.key, site.isPattern),
  };
  if (cache !== undefined && !cache.private && site.key !== "") attributes[Attribute.key] = site.key;
  if (site.owner !== undefined) attributes[Attribute.owner] = site.owner;
  if (site.operation !== undefined) attributes[Attribute.operation] = site.operation;
  if (site.isPattern !== undefined) attributes[Attribute.isPattern] = site.isPattern;
  return attributes;
}
