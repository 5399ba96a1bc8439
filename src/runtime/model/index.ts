export { defineManifestRuntime } from "./define-manifest.js";
export { validateManifest } from "./validate-manifest.js";
export { modelOf } from "./model-of.js";
export { typed, typedMarker, isTyped } from "../manifest/typed.js";
export { defaultLayers } from "../manifest/default-layers.js";
export { parseSize } from "../manifest/parse-size.js";
export { parseDuration } from "../manifest/parse-duration.js";
export type { Amount } from "../manifest/amount.js";
export type { CacheModel, InvalidationTarget, ManifestModel } from "./model.js";
