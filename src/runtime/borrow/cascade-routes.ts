import { BorrowError } from "../errors.js";
import { cascadeWithoutRouteMessage } from "../messages/borrow.js";
import type { ManifestModel } from "../model/model.js";

/**
 * The run-time twin of `CheckCascadeRoutes` (G7): a layer whose writes cascade to a cache owned by
 * another layer must be given a route to that layer when it is created, or it could only write and
 * then fail half-way. A pure function of the manifest and the names in `remotes` (a lazy entry counts:
 * it is a promise of a route).
 *
 * @example
 * import { modelOf } from "../model/model-of.js"
 * checkCascadeRoutes(modelOf(app), "client", {})
 * // throws ✗ cache 'user_data' (client) invalidates 'profile:*', owned by 'profile' (edge), but layer 'client' has no route to 'edge' — pass remotes: { edge } to createLayer
 * @throws BorrowError (rule `cascade-needs-route`) naming the cache, the target and the owner layer
 */
export function checkCascadeRoutes(model: ManifestModel, layer: string, remotes: Readonly<Record<string, unknown>>): void {
  const reached = cascadeCaches(model, layer);
  for (const cacheName of reached) {
    const cache = model.caches.get(cacheName)!;
    for (const target of cache.invalidates) {
      for (const owner of ownersOf(model, target)) {
        if (owner.primary === layer || remotes[owner.primary] !== undefined) continue;
        const message = cascadeWithoutRouteMessage(cache.name, cache.primary, target, owner.name, owner.primary, layer);
        throw new BorrowError(message, { rule: "cascade-needs-route", cache: cache.name, key: target, layer });
      }
    }
  }
}

/** The caches a write on `layer` reaches through `invalidates`, its own first, in manifest order. */
function cascadeCaches(model: ManifestModel, layer: string): string[] {
  const reached = [...model.caches.values()].filter((cache) => cache.primary === layer).map((cache) => cache.name);
  for (let next = 0; next < reached.length; next++) {
    for (const target of model.caches.get(reached[next]!)!.invalidates) {
      for (const owner of ownersOf(model, target)) if (!reached.includes(owner.name)) reached.push(owner.name);
    }
  }
  return reached;
}

/** The caches a target pattern of `invalidates` reaches. */
function ownersOf(model: ManifestModel, target: string) {
  return [...model.caches.values()].filter((cache) => cache.accepts(target));
}
