import type { DelaySummary, LiveStats } from "../contracts/live-stats.js";
import type { LayerStats } from "../contracts/stats.js";
import type { LayerProbe } from "../events/layer-probe.js";
import { InvalidationDelays } from "./invalidation-delays.js";

export type { LiveStats };
import { attachProbeTo, type ObservedLayer } from "./observed-layer.js";

/**
 * What watched layers counted up to now: each one's `stats()` and the invalidation delays of their
 * writes' targets, by target cache. A `LiveStats`, for `describe(app, snapshot)`.
 *
 * @example
 * const { stats, delays } = watchLayers([server, edge]).snapshot();
 * delays.profile?.p50 //=> 0.8 (ms)
 */
export interface LiveSnapshot extends LiveStats {
  readonly stats: readonly LayerStats[];
  readonly delays: Readonly<Record<string, DelaySummary>>;
}

/** A watch on running layers (`watchLayers`). */
export interface LayerWatch {
  /** What the layers counted up to now. */
  snapshot(): LiveSnapshot;
  /** Stops measuring invalidation delays (counters stay with the layers). */
  stop(): void;
}

/**
 * Watches running layers: their counters, and the invalidation delay of every write's targets — from
 * the writer's store acknowledging the write to the owner of each target having dropped it. Costs
 * nothing on reads; a write pays two clock reads per target.
 *
 * @example
 * const watch = watchLayers([client, edge, server]);
 * await client.own("user_data").set("user:1", { id: "1", name: "Ada" }); // drops profile:1 at the edge
 * console.log(describe(app, watch.snapshot())); // each cache with its hit ratio, bytes and delay
 */
export function watchLayers(layers: readonly ObservedLayer[]): LayerWatch {
  const delays = new InvalidationDelays();
  const probe: LayerProbe = {
    now: () => performance.now(),
    trace: (_operation, _site, work) => work(),
    storeCall: () => undefined,
    invalidated: (delay) => delays.add(delay),
    staleServe: () => undefined,
  };
  const detach = layers.map((layer) => attachProbeTo(layer, probe));
  return {
    snapshot: () => ({ stats: layers.map((layer) => layer.stats()), delays: delays.summary() }),
    stop: () => {
      for (const stop of detach) stop();
    },
  };
}
