import type { LayerEventMap, LayerEventName, LayerEvents } from "../events/layer-events.js";
import type { LayerProbe, TraceSite } from "../events/layer-probe.js";
import { CacheStats } from "./cache-stats.js";

/** What an event adds to `{ key, cache, layer }`, per event. */
type Detail<TEvent extends LayerEventName> = Omit<LayerEventMap[TEvent], "key" | "cache" | "layer">;

/** The counter each event bumps. */
const COUNTER = {
  hit: "hits",
  miss: "misses",
  load: "loads",
  set: "sets",
  delete: "deletes",
  invalidate: "invalidations",
  evict: "evictions",
  queued: "queued",
  delivered: "delivered",
  error: "errors",
} as const satisfies Record<LayerEventName, keyof CacheStats>;

/**
 * The one place a cache's counters and events change, together (TanStack query-core's `#dispatch` is
 * the model): a counter cannot be bumped without its event, nor an event sent without its counter, and
 * a new event is added here once. Building the event costs nothing unless someone listens.
 *
 * @example
 * import { LayerEvents } from "../events/layer-events.js";
 * const recorder = new CacheRecorder("user_data", "client", new LayerEvents());
 * recorder.record("hit", "user:1", { stale: false });
 * recorder.stats.hits //=> 1
 */
export class CacheRecorder {
  readonly stats = new CacheStats();
  readonly #cache: string;
  readonly #layer: string;
  readonly #events: LayerEvents;

  constructor(cache: string, layer: string, events: LayerEvents) {
    this.#cache = cache;
    this.#layer = layer;
    this.#events = events;
  }

  /** The layer's observer of timed calls (loads, store calls), if one is attached. */
  get probe(): LayerProbe | undefined {
    return this.#events.probe;
  }

  /** Where a traced call on `key` runs. */
  site(key: string, operation?: string): TraceSite {
    return { cache: this.#cache, layer: this.#layer, key, operation };
  }

  /** Counts `event` for `key` and tells the layer's listeners of it. */
  record<TEvent extends LayerEventName>(event: TEvent, key: string, ...detail: keyof Detail<TEvent> extends never ? [] : [Detail<TEvent>]): void {
    this.stats[COUNTER[event]]++;
    if (!this.#events.listening[event]) return;
    const payload = { key, cache: this.#cache, layer: this.#layer, ...detail[0] } as LayerEventMap[TEvent];
    this.#events.emit(event, payload);
  }
}
