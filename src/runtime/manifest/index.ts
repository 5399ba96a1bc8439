export { defineManifestRuntime } from "./define-manifest.js";
export { validateManifest } from "./validate-manifest.js";
export { modelOf } from "./model-of.js";
export { typed, typedMarker, isTyped } from "./typed.js";
export { defaultLayers } from "./default-layers.js";
export { parseSize } from "./parse-size.js";
export { parseDuration } from "./parse-duration.js";
export type { Amount } from "./amount.js";
export type { CacheModel, InvalidationTarget, ManifestModel } from "./model.js";
