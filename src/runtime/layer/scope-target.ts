import { keyNotInCacheError } from "../borrow/borrow-errors.js";
import type { OwnedHandle } from "../handles/owned-handle.js";
import type { CacheModel } from "../model/model.js";
import type { ScopeTarget } from "../scope/index.js";

/**
 * Where a request scope of a layer writes: each key goes to the `lifetime: "request"` cache of this
 * layer whose patterns match it. A key in no such cache is refused before anything is written.
 *
 * @example
 * import { RequestScope } from "../scope/index.js"
 * import { createLayerRuntime } from "./create-layer.js"
 * const server = createLayerRuntime(app, "server")
 * const req = new RequestScope(scopeTarget(server, [server.model.caches.get("request_temp")!]))
 * await req.setScoped("req:1:user", { id: "1" }) // into request_temp, the cache whose patterns match
 */
export function scopeTarget(layer: { own(cache: string): OwnedHandle; readonly name: string }, caches: readonly CacheModel[]): ScopeTarget {
  const matchers = caches.map((cache) => ({ cache, matches: cache.acceptsKey }));
  const handleFor = (key: string): OwnedHandle => {
    const found = matchers.find(({ matches }) => matches(key));
    if (found) return layer.own(found.cache.name);
    const first = caches[0];
    if (first) throw keyNotInCacheError(first, key, layer.name);
    throw new TypeError(`✗ layer '${layer.name}' owns no cache with lifetime 'request' — add one to the manifest to use scope('request', …)`);
  };
  return {
    set: (key, value) => handleFor(key).set(key, value),
    // A key refused at `setScoped` was never stored: there is nothing to delete when the scope ends.
    delete: (key) => (matchers.some(({ matches }) => matches(key)) ? handleFor(key).delete(key) : false),
    get: (key) => handleFor(key).get(key),
  };
}
