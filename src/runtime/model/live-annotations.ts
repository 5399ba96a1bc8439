import type { LiveStats } from "../contracts/live-stats.js";
import type { CacheStatsSnapshot, LayerStats } from "../contracts/stats.js";
import type { ManifestModel } from "./model.js";

/** How a cache is doing, from its hit ratio and evictions. */
export type CacheVerdict = "works" | "mixed" | "thrashes";

/** The lines `describe` adds under a cache's name, and its verdict (none while nobody read it). */
export interface LiveAnnotation {
  readonly lines: readonly string[];
  readonly verdict: CacheVerdict | undefined;
}

/**
 * Each cache's live lines for `describe`: hit ratio (and reads), bytes, evictions, invalidation delay.
 * A cache's counters are its primary layer's (the only layer that stores it).
 *
 * @example
 * import { modelOf } from "./model-of.js";
 * liveAnnotations(modelOf(app), { stats: [edge.stats()] }).get("product_cache")
 * //=> { lines: ["hit 99.9% of 1,000 reads, 1 load", "2.1 kB"], verdict: "works" }
 */
export function liveAnnotations(model: ManifestModel, live: LiveStats): Map<string, LiveAnnotation> {
  const layers: readonly LayerStats[] = Array.isArray(live.stats) ? live.stats : [live.stats as LayerStats];
  const annotations = new Map<string, LiveAnnotation>();
  for (const cache of model.caches.values()) {
    const stats = (layers.find((layer) => layer.layer === cache.primary) ?? layers.find((layer) => layer.caches[cache.name]))?.caches[cache.name];
    const delay = live.delays?.[cache.name];
    const lines: string[] = [];
    if (stats) lines.push(...countLines(stats));
    if (delay && delay.count > 0) lines.push(`invalidated in ${ms(delay.p50)} (p50), ${ms(delay.max)} max, ${delay.count}×`);
    if (lines.length > 0) annotations.set(cache.name, { lines, verdict: stats && verdictOf(stats) });
  }
  return annotations;
}

function countLines(stats: CacheStatsSnapshot): string[] {
  const reads = stats.hits + stats.misses;
  const loads = stats.loads > 0 ? `, ${count(stats.loads)} ${stats.loads === 1 ? "load" : "loads"}` : "";
  const lines = [reads === 0 ? "not read yet" : `hit ${percent(stats.hits / reads)} of ${count(reads)} reads${loads}`, bytes(stats.bytes)];
  if (stats.evictions > 0) lines.push(`${count(stats.evictions)} evicted`);
  return lines;
}

/** Fewer reads than this say nothing yet: the node stays plain. */
const READS_FOR_A_VERDICT = 10;

/**
 * Judged on the reads the cache spared its source: hits, and misses that joined another read's load
 * (single flight) — for a cache with a source, `1 - loads / reads`; without one, the hit ratio. Works
 * at 80% or more; thrashes under 50%, or when it evicts more than half of what it stores.
 */
function verdictOf(stats: CacheStatsSnapshot): CacheVerdict | undefined {
  const reads = stats.hits + stats.misses;
  if (reads < READS_FOR_A_VERDICT) return undefined;
  const ratio = stats.loads > 0 ? Math.max(0, 1 - stats.loads / reads) : stats.hits / reads;
  if (ratio < 0.5 || (stats.evictions > 0 && stats.evictions * 2 > stats.sets + stats.loads)) return "thrashes";
  return ratio >= 0.8 ? "works" : "mixed";
}

function percent(ratio: number): string {
  return `${(Math.floor(ratio * 1000) / 10).toFixed(1)}%`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`;
}
