/** What a layer counted for one cache since it was created. */
export interface CacheStatsSnapshot {
  readonly hits: number;
  readonly misses: number;
  readonly loads: number;
  readonly sets: number;
  readonly deletes: number;
  readonly invalidations: number;
  readonly evictions: number;
  /** Invalidations of this cache kept in the outbox because its owner could not be reached (G7). */
  readonly queued: number;
  /** Kept invalidations of this cache that reached its owner. */
  readonly delivered: number;
  /** Failures reported as `error` events (store, load, lock, cascade). */
  readonly errors: number;
  readonly bytes: number;
}

/** `layer.stats()`: per cache, and the sum. */
export interface LayerStats {
  readonly layer: string;
  readonly caches: Readonly<Record<string, CacheStatsSnapshot>>;
  readonly total: CacheStatsSnapshot;
}
