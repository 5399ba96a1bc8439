import type { InvalidationBus } from "../contracts/bus.js";
import { memoryBus } from "../bus/memory-bus.js";
import type { Clock } from "../contracts/clock.js";
import { systemClock } from "../time/clock.js";
import type { RouteSource } from "../contracts/route.js";
import type { CacheStore } from "../contracts/store.js";
import type { CacheSource } from "../cache/cache-engine.js";
import { LayerRuntime } from "./layer-runtime.js";
import { modelOf } from "../model/model-of.js";
import { memoryStore } from "../stores/memory.js";

/** The options of `createLayer`, loosely typed (the public types narrow them by the manifest). */
export interface LayerOptions {
  /** Where this layer stores the caches it owns. @default memoryStore() */
  readonly store?: CacheStore | undefined;
  /** Loaders for the caches this layer owns, by cache name. */
  readonly sources?: Readonly<Record<string, CacheSource | undefined>> | undefined;
  /** How to reach other layers' owners, by layer name: an in-process layer or `remoteLayer(url)`. Read at each use, so a route may be added to this object later. */
  readonly remotes?: Readonly<Record<string, RouteSource | undefined>> | undefined;
  /** How invalidations reach the other processes of this layer. @default memoryBus() (this process only) */
  readonly bus?: InvalidationBus | undefined;
  /** Time and timers. @default systemClock */
  readonly clock?: Clock | undefined;
  /** This process's id on the bus. @default crypto.randomUUID() */
  readonly processId?: string | undefined;
}

/**
 * Creates the layer `layerName` of a manifest in this process (the run-time half of `createLayer`).
 *
 * @example
 * const server = createLayerRuntime(app, "server", {
 *   sources: { data_cache: { load: (key) => db.load(key) } },
 *   remotes: { edge },
 * });
 * await server.own("data_cache").get("data:1");
 * @throws TypeError when `layerName` is not one of the manifest's layers.
 */
export function createLayerRuntime(app: object, layerName: string, options: LayerOptions = {}): LayerRuntime {
  const model = modelOf(app);
  if (!model.layers.includes(layerName)) {
    throw new TypeError(`✗ layer '${String(layerName)}' is not a layer of the manifest — use one of ${model.layers.map((l) => `'${l}'`).join(", ")}`);
  }
  return new LayerRuntime({
    manifest: app,
    model,
    name: layerName,
    store: options.store ?? memoryStore(),
    sources: options.sources ?? {},
    remotes: options.remotes ?? {},
    bus: options.bus ?? memoryBus(),
    clock: options.clock ?? systemClock,
    processId: options.processId ?? globalThis.crypto.randomUUID(),
    owned: { store: options.store === undefined, bus: options.bus === undefined },
  });
}
