import type { CacheStatsSnapshot } from "../contracts/stats.js";

export type { CacheStatsSnapshot, LayerStats } from "../contracts/stats.js";

/**
 * Plain counters for one cache, bumped in place on the hot path (no maps, no objects per call), only
 * by `CacheRecorder`, which sends each counted event too.
 *
 * @example
 * const stats = new CacheStats();
 * stats.hits++;
 * stats.snapshot(0) //=> { hits: 1, misses: 0, … }
 */
export class CacheStats {
  hits = 0;
  misses = 0;
  loads = 0;
  sets = 0;
  deletes = 0;
  invalidations = 0;
  evictions = 0;
  queued = 0;
  delivered = 0;
  errors = 0;

  snapshot(bytes: number): CacheStatsSnapshot {
    const { hits, misses, loads, sets, deletes, invalidations, evictions, queued, delivered, errors } = this;
    return { hits, misses, loads, sets, deletes, invalidations, evictions, queued, delivered, errors, bytes };
  }
}

/** Adds snapshots field by field. */
export function sumStats(snapshots: readonly CacheStatsSnapshot[]): CacheStatsSnapshot {
  const total = { hits: 0, misses: 0, loads: 0, sets: 0, deletes: 0, invalidations: 0, evictions: 0, queued: 0, delivered: 0, errors: 0, bytes: 0 };
  for (const s of snapshots) for (const field of Object.keys(total) as Array<keyof typeof total>) total[field] += s[field];
  return total;
}
