import type { LayerStats } from "../contracts/stats.js";
import type { LayerEventName, LayerListener } from "../events/layer-events.js";
import { probeHookOf, type LayerProbe } from "../events/layer-probe.js";
import type { CacheModel, ManifestModel } from "../model/model.js";
import { modelOf } from "../model/model-of.js";
import { matchesPattern, patternsOverlap } from "../pattern/index.js";

/**
 * What an observer needs of a layer: any layer `createLayer` made fits (`Layer<typeof app, "edge">`).
 *
 * @example
 * const observed: ObservedLayer = createLayer(app, "edge");
 */
export interface ObservedLayer {
  readonly name: string;
  readonly manifest: unknown;
  stats(): LayerStats;
  on<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): () => void;
}

/** Attaches `probe` to a layer `createLayer` made; returns the detach function. */
export function attachProbeTo(layer: ObservedLayer, probe: LayerProbe): () => void {
  const attach = typeof layer === "object" && layer !== null ? probeHookOf(layer) : undefined;
  if (attach === undefined) throw new TypeError(`✗ '${String(layer?.name)}' is not a layer made by createLayer — pass the layer createLayer returned`);
  return attach(probe);
}

/** The manifest model of an observed layer. */
export function observedModel(layer: ObservedLayer): ManifestModel {
  return modelOf(layer.manifest as object);
}

/**
 * The pattern of `cache` that `keyOrPattern` falls under: what an observer reports instead of a key.
 * A pattern that is no pattern of the cache reports the first of the cache's patterns it overlaps.
 *
 * @example
 * keyPatternOf(observedModel(client).caches.get("user_data"), "user:42") //=> "user:*"
 */
export function keyPatternOf(cache: CacheModel | undefined, keyOrPattern: string, isPattern = keyOrPattern.includes("*")): string {
  if (cache === undefined) return "";
  const owns = cache.owns;
  if (owns.length === 1) return owns[0]!;
  const found = isPattern ? owns.find((own) => patternsOverlap(own, keyOrPattern)) : owns.find((own) => matchesPattern(own, keyOrPattern));
  return found ?? owns[0] ?? "";
}
