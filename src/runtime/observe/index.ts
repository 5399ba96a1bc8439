export { watchLayers, type LayerWatch, type LiveStats } from "./watch-layers.js";
export { InvalidationDelays, type DelaySummary, type DelayFigures } from "./invalidation-delays.js";
export { attachProbeTo, observedModel, keyPatternOf, type ObservedLayer } from "./observed-layer.js";
