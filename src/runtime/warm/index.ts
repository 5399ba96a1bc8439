// Warm start: prefetch the `warm.prefetch` patterns from the sources, with progress (docs/design.md#warm-start).
export { warmCaches } from "./warm-caches.js";
export { warmPlan, type WarmFiller, type WarmSource } from "./warm-plan.js";
export { listWarmKeys, type WarmKeyList } from "./list-warm-keys.js";
export type { WarmCache, WarmProgress, WarmFailure, WarmCacheResult, WarmResult, WarmOptions } from "./warm-types.js";
