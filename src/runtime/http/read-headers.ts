import type { RouteRead } from "../contracts/route.js";
import type { ExposedCache } from "./exposed-caches.js";
import { Header } from "./protocol.js";

/** What of a cache's manifest entry decides how HTTP caches may keep its values. */
export type CachingPolicy = Pick<ExposedCache, "strategy" | "private" | "grace" | "timeout">;

/** The name this server gives itself in `Cache-Status` (RFC 9211 §2). */
export const CACHE_STATUS_NAME = "borrowcache";

/**
 * The headers of a read, from what the owner said about the value and the cache's manifest entry, at
 * `now` on the layer's clock (docs/http.md says why each directive):
 *
 * - `X-Cache` (`hit`, `stale`, `miss`: what `remoteLayer` reads), the answering layer, the stored and
 *   expiry times, and `Age` (RFC 9111 §5.1), seconds since the value was stored;
 * - `Cache-Status` (RFC 9211): `borrowcache; hit; ttl=42`, a stale value with a negative `ttl`, a value
 *   loaded on this read `borrowcache; fwd=miss; stored`, and a miss `borrowcache; fwd=miss`;
 * - `Cache-Control` (RFC 9111 §5.2.2) for a value: `no-store` for a `real_time` cache; else `private`
 *   for a private cache, then `max-age` such that `max-age − Age` is the remaining freshness (with
 *   `stale-if-error`, and `stale-while-revalidate` where the cache has a soft `timeout`, from `grace`),
 *   or `no-cache` (reuse only after revalidation) for a value kept until invalidated. A miss keeps the
 *   `no-store` every error carries.
 *
 * @example
 * const policy: CachingPolicy = { strategy: undefined, private: false, grace: undefined, timeout: undefined };
 * readHeaders(policy, { hit: true, stale: false, value: "lamp", storedAt: 0, expiresAt: 60_000, layer: "edge" }, 18_000, {})
 * //=> { "X-Cache": "hit", Age: "18", "Cache-Status": "borrowcache; hit; ttl=42", "Cache-Control": "max-age=60", … }
 */
export function readHeaders(policy: CachingPolicy, found: RouteRead, now: number, headers: Record<string, string>): Record<string, string> {
  headers[Header.cache] =
    found.stale ? "stale"
    : found.hit ? "hit"
    : "miss";
  headers[Header.layer] = found.layer;
  let age = 0;
  if (found.storedAt !== undefined) {
    age = Math.max(0, Math.floor((now - found.storedAt) / 1000));
    headers[Header.storedAt] = String(found.storedAt);
    headers[Header.age] = String(age);
  }
  // Remaining freshness in whole seconds, rounded down: never more than the owner would give.
  const ttl = found.expiresAt === undefined ? undefined : Math.floor((found.expiresAt - now) / 1000);
  if (found.expiresAt !== undefined) headers[Header.expiresAt] = String(found.expiresAt);
  const ttlParam = ttl === undefined ? "" : `; ttl=${ttl}`;
  if (!found.hit && found.value === undefined) {
    headers[Header.cacheStatus] = `${CACHE_STATUS_NAME}; fwd=miss`;
    return headers;
  }
  headers[Header.cacheStatus] = found.hit ? `${CACHE_STATUS_NAME}; hit${ttlParam}` : `${CACHE_STATUS_NAME}; fwd=miss; stored${ttlParam}`;
  headers[Header.cacheControl] = cacheControl(policy, age, ttl);
  return headers;
}

function cacheControl(policy: CachingPolicy, age: number, ttl: number | undefined): string {
  if (policy.strategy === "real_time") return "no-store";
  const scope = policy.private ? "private, " : "";
  if (ttl === undefined) return `${scope}no-cache`;
  // A downstream cache computes freshness as max-age − Age (RFC 9111 §4.2.1, §4.2.3): a stale value
  // gets a max-age below its Age, so it is stale there too.
  let directives = `${scope}max-age=${Math.max(0, age + ttl)}`;
  const grace = policy.grace === undefined ? 0 : Math.floor(policy.grace / 1000);
  if (grace > 0) {
    // The owner serves a graced value while it reloads only past a soft `timeout`; without one it waits
    // for the load, and serves the graced value only when the load fails.
    if (policy.timeout !== undefined) directives += `, stale-while-revalidate=${grace}`;
    directives += `, stale-if-error=${grace}`;
  }
  return directives;
}
