import type { LayerOptionsBase } from "../contracts/layer-options.js";
import type { Source } from "../contracts/source.js";
import { memoryBus } from "../bus/memory-bus.js";
import { systemClock } from "../time/clock.js";
import type { RouteSource } from "../contracts/route.js";
import { LayerRuntime } from "./layer-runtime.js";
import { modelOf } from "../model/model-of.js";
import { checkCascadeRoutes } from "../borrow/cascade-routes.js";
import { memoryStore } from "../stores/memory.js";
import { checkStoreFits } from "../stores/store-fits.js";

/**
 * The options of `createLayer` with the manifest erased: the public `LayerOptions<TManifest, TLayer>`
 * with sources and remotes keyed by plain strings (the public type narrows them by the manifest).
 */
export interface LayerOptions extends LayerOptionsBase {
  /** Loaders for the caches this layer owns, by cache name. */
  readonly sources?: Readonly<Record<string, Source<unknown> | undefined>> | undefined;
  /** How to reach other layers' owners, by layer name: an in-process layer or `remoteLayer(url)`. Read at each use, so a route may be added to this object later. */
  readonly remotes?: Readonly<Record<string, RouteSource | undefined>> | undefined;
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
 * @throws BorrowError (rule `cascade-needs-route`) when a write's cascade reaches a layer `remotes` has no route to.
 * @throws StoreCapabilityError (rule `store-fits`) when the store cannot serve a cache the layer owns.
 */
export function createLayerRuntime(app: object, layerName: string, options: LayerOptions = {}): LayerRuntime {
  const model = modelOf(app);
  if (!model.layers.includes(layerName)) {
    throw new TypeError(`✗ layer '${String(layerName)}' is not a layer of the manifest — use one of ${model.layers.map((l) => `'${l}'`).join(", ")}`);
  }
  const remotes = options.remotes ?? {};
  checkCascadeRoutes(model, layerName, remotes);
  if (options.store) checkStoreFits(model, layerName, options.store);
  return new LayerRuntime({
    manifest: app,
    model,
    name: layerName,
    store: options.store ?? memoryStore(),
    sources: options.sources ?? {},
    remotes,
    bus: options.bus ?? memoryBus(),
    clock: options.clock ?? systemClock,
    processId: options.processId ?? globalThis.crypto.randomUUID(),
  });
}
