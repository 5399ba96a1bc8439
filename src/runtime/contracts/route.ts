/**
 * How a layer reaches the owner layer of a cache it borrows: another layer in the same process
 * (a `Layer` is itself a `LayerRoute`), or `remoteLayer(url)` over HTTP.
 */

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
   * once and sends each target to its own owner.
   */
  invalidate(cache: string, target: string, isPattern: boolean): Promise<void>;
  /** Hears every invalidation the owner carries out; returns the unsubscribe function. */
  onInvalidate(listener: (invalidation: RouteInvalidation) => void): () => void;
}
