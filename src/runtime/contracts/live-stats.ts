import type { LayerStats } from "./stats.js";

/** Count, median, 95th percentile and maximum of some delays, in ms. */
export interface DelayFigures {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/**
 * The invalidation delays of one cache's targets, summed up: how many, the median and the 95th
 * percentile (over the last 512) and the longest, in ms; per owner layer in `byOwner`.
 *
 * @example
 * const summary: DelaySummary = { count: 3, p50: 1.2, p95: 4.8, max: 4.8, byOwner: { edge: { count: 3, p50: 1.2, p95: 4.8, max: 4.8 } } };
 */
export interface DelaySummary extends DelayFigures {
  readonly byOwner: Readonly<Record<string, DelayFigures>>;
}

/**
 * What running layers counted, for `describe(app, live)`: each layer's `stats()` and, by target cache,
 * the invalidation delays their writes measured (`watchLayers`).
 *
 * @example
 * const live: LiveStats = { stats: [server.stats(), edge.stats()], delays: { profile: { count: 1, p50: 2, p95: 2, max: 2, byOwner: {} } } };
 */
export interface LiveStats {
  readonly stats: LayerStats | readonly LayerStats[];
  readonly delays?: Readonly<Record<string, DelaySummary>> | undefined;
}
