/**
 * How a layer reaches the owner layer of a cache it borrows: another layer in the same process (its
 * `route`), or `remoteLayer(url)` over HTTP. Both keep one contract — the same call gives the same
 * result whatever the route — and `borrowcache/test-suite` checks it for any implementation.
 */
import type { InvalidationMode } from "./invalidation-mode.js";

/** A read answered by the owner layer. */
export interface RouteRead<TValue = unknown> {
  readonly hit: boolean;
  readonly value: TValue | undefined;
  readonly stale: boolean;
  readonly storedAt: number | undefined;
  readonly expiresAt: number | undefined;
  /** The layer that answered. */
  readonly layer: string;
}

/** An invalidation as announced to borrowers (the SSE feed of `serveLayer` carries these). */
export interface RouteInvalidation {
  readonly cache: string;
  readonly target: string;
  readonly isPattern: boolean;
  /** `"expire"`: the target was marked stale (soft invalidation), not deleted. Absent: deleted. */
  readonly mode?: InvalidationMode | undefined;
}

/** The owner side, as seen by a borrower. */
export interface LayerRoute {
  /** The layer name this route reaches. */
  readonly layerName: string;
  /** Reads `key` of `cache` at its owner (loading on a miss, like the owner's own `get`). */
  read(cache: string, key: string): Promise<RouteRead>;
  /** Reads a streaming value chunk by chunk. */
  stream(cache: string, key: string): AsyncIterable<Uint8Array>;
  /**
   * Asks the owner to drop exactly this key or pattern of one of its caches, and to tell its bus and
   * listeners. It does not cascade: the layer that starts an invalidation expands the whole cascade
   * once and sends each target to its own owner. `mode: "expire"` marks it stale instead of deleting
   * it (see `InvalidationMode`); absent: delete.
   */
  invalidate(cache: string, target: string, isPattern: boolean, mode?: InvalidationMode): Promise<void>;
  /** Hears every invalidation the owner carries out; returns the unsubscribe function. */
  onInvalidate(listener: (invalidation: RouteInvalidation) => void): () => void;
}

/**
 * What a layer's `remotes` accept for an owner layer: its route, anything that has one (a layer in this
 * process: `remotes: { edge }`), or a function returning either, called at each use — for a route that
 * exists only later (an owner created after this layer, a URL known once a server listens).
 */
export type RouteSource = LayerRoute | { readonly route: LayerRoute } | (() => LayerRoute | { readonly route: LayerRoute } | undefined);

/**
 * The route of a `remotes` entry, or `undefined` when a lazy entry has none yet.
 *
 * @example
 * routeOf(edge)                       // an in-process layer: its route
 * routeOf(remoteLayer("http://edge")) // already a route
 * routeOf(() => edge)                 // a lazy entry: resolved now
 */
export function routeOf(source: RouteSource): LayerRoute | undefined {
  const resolved = typeof source === "function" ? source() : source;
  if (resolved === undefined) return undefined;
  return "route" in resolved && typeof resolved.route === "object" ? resolved.route : (resolved as LayerRoute);
}
