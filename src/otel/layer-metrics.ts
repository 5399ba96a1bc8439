import type { Attributes, Meter } from "@opentelemetry/api";
import type { CacheStatsSnapshot } from "../runtime/contracts/stats.js";
import type { ObservedLayer } from "../runtime/observe/index.js";
import { Attribute } from "./span-attributes.js";

/** The counters read from `layer.stats()` at each collection (so reads pay nothing for them), by metric name. */
const COUNTED = {
  "borrowcache.hits": { field: "hits", description: "Reads answered from the cache (fresh or stale)" },
  "borrowcache.misses": { field: "misses", description: "Reads the cache could not answer fresh" },
  "borrowcache.loads": { field: "loads", description: "Loads from the cache's source" },
  "borrowcache.evictions": { field: "evictions", description: "Entries the store dropped by itself (size, expiry)" },
  "borrowcache.invalidations": { field: "invalidations", description: "Keys and patterns dropped by an invalidation" },
  "borrowcache.errors": { field: "errors", description: "Failures reported as error events" },
} as const satisfies Record<string, { field: keyof CacheStatsSnapshot; description: string }>;

/**
 * A layer's counters on `meter`: hits, misses, loads, evictions, invalidations, errors (observable
 * counters over `layer.stats()`, read at each export, so a read pays nothing for them) and bytes (a
 * gauge). Stale serves, load time and invalidation delays come from the layer's probe (`otelProbe`).
 * Returns the function that stops them.
 *
 * @example
 * import { metrics } from "@opentelemetry/api";
 * const stop = layerMetrics(metrics.getMeter("borrowcache"), edge);
 */
export function layerMetrics(meter: Meter, layer: ObservedLayer): () => void {
  const counters = Object.entries(COUNTED).map(
    ([name, { field, description }]) => [field, meter.createObservableCounter(name, { description, unit: "{call}" })] as const,
  );
  const bytes = meter.createObservableGauge("borrowcache.bytes", { description: "Bytes the cache holds in its store", unit: "By" });
  const labels = new Map<string, Attributes>();
  const labelsOf = (cache: string): Attributes => {
    let attributes = labels.get(cache);
    if (!attributes) labels.set(cache, (attributes = { [Attribute.cache]: cache, [Attribute.layer]: layer.name }));
    return attributes;
  };
  const collect = (observer: { observe(metric: unknown, value: number, attributes?: Attributes): void }) => {
    const { caches } = layer.stats();
    for (const [cache, stats] of Object.entries(caches)) {
      for (const [field, counter] of counters) observer.observe(counter, stats[field], labelsOf(cache));
      observer.observe(bytes, stats.bytes, labelsOf(cache));
    }
  };
  const observables = [...counters.map(([, counter]) => counter), bytes];
  meter.addBatchObservableCallback(collect, observables);
  return () => {
    meter.removeBatchObservableCallback(collect, observables);
  };
}
