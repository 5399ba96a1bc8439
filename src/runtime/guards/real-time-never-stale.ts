import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { realTimeForbidsMessage, realTimeNotAtOriginMessage } from "../messages/manifest.js";

/** What would let a real_time cache serve a value that is no longer true. */
const staleFields = ["ttl", "warm", "grace"] as const;

/**
 * Rule 9: a `real_time` cache is never served stale: no `ttl`, `warm` or `grace`, and its primary
 * is the origin layer (`layers[last]`).
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time", ttl: "5s" } } })
 * realTimeNeverStale(view!)[0]?.message
 * //=> "✗ cache 'live_prices' is real_time and cannot have a ttl — remove ttl"
 */
export const realTimeNeverStale: Guard = (manifest) => {
  const last = manifest.layers[manifest.layers.length - 1] ?? "";
  return manifest.caches.flatMap((cache) => {
    if (cache.input["strategy"] !== "real_time") return [];
    const issues = staleFields
      .filter((field) => cache.input[field] !== undefined)
      .map((field) => issueOn(cache, "real-time-never-stale", realTimeForbidsMessage(cache.name, field), { field }));
    if (cache.layer !== undefined && cache.layer !== last) {
      issues.push(issueOn(cache, "real-time-never-stale", realTimeNotAtOriginMessage(cache.name, cache.layer, last), { field: "strategy" }));
    }
    return issues;
  });
};
