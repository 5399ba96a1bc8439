/** What a layer counted for one cache since it was created. */
export interface CacheStatsSnapshot {
  readonly hits: number;
  readonly misses: number;
  readonly loads: number;
  readonly sets: number;
  readonly deletes: number;
  readonly invalidations: number;
  readonly evictions: number;
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
