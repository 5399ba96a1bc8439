/**
 * borrowcache: the stateless borrow checker for multi-layer caches.
 *
 * One `const` manifest says which layer (client, edge, server) owns each key pattern; `tsc` rejects
 * writes through a borrow, ownership claimed from the wrong layer and data cached twice, and this thin
 * runtime on keyv does what the manifest promises. Every compile-time rule has a run-time twin that
 * throws the same text (`ManifestError`, `BorrowError`) for JavaScript callers and casts.
 *
 * @see docs/design.md
 */
import type { CreateLayer } from "./types/handles/create-layer.js";
import type { DefineManifest } from "./types/manifest/define-manifest.js";
import { createLayerRuntime } from "./runtime/layer/create-layer.js";
import { defineManifestRuntime } from "./runtime/model/define-manifest.js";
import { serveLayer as serveLayerRuntime } from "./runtime/http/serve-layer.js";
import type { ServeLayer } from "./types/handles/serve-layer.js";
import type { IsKeyOf } from "./types/handles/is-key-of.js";
import { isKeyOf as isKeyOfRuntime } from "./runtime/model/is-key-of.js";

/**
 * Declares which layer owns which keys, checked rule by rule by `tsc` and again at run time.
 *
 * @example
 * export const app = defineManifest({
 *   caches: {
 *     user_data: { primary: "client", owns: ["user:*"], value: typed<User>(), invalidates: ["profile:*"] },
 *     profile: { primary: "edge", owns: ["profile:*"] },
 *   },
 * })
 * @throws {ManifestError} listing every broken rule, for a manifest `tsc` did not see
 */
export const defineManifest: DefineManifest = defineManifestRuntime as unknown as DefineManifest;

/**
 * Creates one layer of the application in this process, typed by the manifest.
 *
 * @example
 * const edge = createLayer(app, "edge", { remotes: { server } })
 * const products = edge.own("product_cache")
 * @throws {ManifestError} when `app` was not made by `defineManifest` and breaks a rule
 */
export const createLayer: CreateLayer = createLayerRuntime as unknown as CreateLayer;

/**
 * Narrows a run-time `string` (a route parameter, a queue message) to the keys of one cache: a type guard
 * with the membership test every handle applies.
 *
 * @example
 * declare const id: string
 * const key = `user:${id}`
 * if (isKeyOf(app, "user_data", key)) await client.own("user_data").get(key)
 * @throws {BorrowError} rule `unknown-cache` when the manifest has no such cache or pattern
 */
export const isKeyOf: IsKeyOf = isKeyOfRuntime as unknown as IsKeyOf;
export type { IsKeyOf };

export { typed } from "./runtime/manifest/typed.js";
export { systemClock, manualClock } from "./runtime/time/clock.js";
export type { ManualClock } from "./runtime/time/clock.js";
export type { Clock } from "./runtime/contracts/clock.js";
export type { LayerStats, CacheStatsSnapshot } from "./runtime/cache/cache-stats.js";
export type { LayerEventName, LayerEventMap, LayerListener } from "./runtime/events/layer-events.js";
export type { WarmResult, WarmProgress, WarmFailure, WarmCacheResult } from "./runtime/warm/index.js";
export { ChunkedValueError, sweepChunks } from "./runtime/streaming/index.js";
export type { ChunkedHeader } from "./runtime/streaming/index.js";
export { ScopeEndedError, ScopeCleanupError } from "./runtime/scope/index.js";
export type { MemoryBus } from "./runtime/bus/memory-bus.js";
export { describe } from "./runtime/model/describe.js";
export { watchLayers } from "./runtime/observe/watch-layers.js";
export type { LayerWatch, LiveSnapshot } from "./runtime/observe/watch-layers.js";
export type { LiveStats, DelaySummary, DelayFigures } from "./runtime/contracts/live-stats.js";
export { ManifestError, BorrowError, StoreError, WriteOutcomeUnknownError, LoadTimeoutError, ValueError } from "./runtime/errors.js";
export type { ManifestIssue } from "./runtime/errors.js";

// Stores and transports.
export { memoryStore } from "./runtime/stores/memory.js";
export type { MemoryStoreOptions } from "./runtime/stores/memory.js";
export { keyvStore } from "./runtime/stores/keyv-store.js";
export type { KeyvStoreOptions, KeyvAdapter } from "./runtime/stores/keyv-store.js";
export { pgClientGuard } from "./runtime/stores/keyv-adapters.js";
export type { KeyvAdapterCapabilities } from "./runtime/stores/keyv-adapters.js";
export { KeyvTimeoutError, KeyvAdapterError } from "./runtime/stores/keyv-connection.js";
export { StoreCapabilityError } from "./runtime/stores/store-fits.js";
export type { StoreNeed } from "./runtime/stores/store-fits.js";
export type { StoreCapabilities } from "./runtime/contracts/store.js";
// Redis lives in `borrowcache/redis` (re-exported here on Node): node-redis must not reach a browser bundle.
export { tieredStore, TieredStore } from "./runtime/stores/tiered.js";
export type { TieredStoreOptions } from "./runtime/stores/tiered.js";
export { CircuitBreaker, CircuitOpenError, CircuitState } from "./runtime/faults/circuit-breaker.js";
export type { CircuitBreakerOptions } from "./runtime/faults/circuit-breaker.js";
export { memoryBus } from "./runtime/bus/memory-bus.js";
export { broadcastBus } from "./runtime/bus/broadcast-bus.js";
export type { BroadcastBusOptions } from "./runtime/bus/broadcast-bus.js";
export { idbStore } from "./runtime/stores/idb.js";
export type { IdbStoreOptions, IdbStore } from "./runtime/stores/idb.js";
export { edgeCacheStore } from "./runtime/stores/edge-cache.js";
export type { EdgeCacheStoreOptions } from "./runtime/stores/edge-cache.js";
/**
 * Serves a layer's caches over HTTP, deny-by-default: only `expose`d caches, `authorize` before every
 * read and invalidation. Typed by the layer: `expose` takes caches the layer owns; a private cache only
 * with `authorize`.
 *
 * @example
 * const handle = serveLayer(edge, { expose: ["product_cache"] })
 */
export const serveLayer: ServeLayer = serveLayerRuntime as unknown as ServeLayer;
export type { ServeLayerOptions, Authorize, LayerHandler } from "./runtime/http/serve-layer.js";
export { remoteLayer } from "./runtime/http/remote-layer.js";
export type { RemoteLayerOptions, RemoteLayer } from "./runtime/http/remote-layer.js";
export type { Access, ServableLayer } from "./runtime/http/serve-layer.js";
export type { PlainRequest, PlainResponse } from "./runtime/http/plain.js";
export type { CorsOptions } from "./runtime/http/cors.js";
export type { CacheStore, StorePartition, StoredEntry, KeyLock, StoreOptions, PartitionOptions, FillLease } from "./runtime/contracts/store.js";
export type { InvalidationBus, InvalidationMessage, BusState } from "./runtime/contracts/bus.js";
export type { LayerRoute, RouteSource, RouteRead, RouteInvalidation } from "./runtime/contracts/route.js";
export type { KeyListing } from "./runtime/contracts/source.js";
export type { InvalidationMode, InvalidateOptions } from "./runtime/contracts/invalidation-mode.js";
export type { InvalidationEntry } from "./types/manifest/invalidation-entry.js";
export type { PendingInvalidation } from "./runtime/contracts/pending.js";

// Serialization and patterns, for code that moves values or keys itself.
export { serialize, deserialize } from "./runtime/serialize/index.js";
export { matchesPattern, patternsOverlap, patternCovers, isValidPattern } from "./runtime/pattern/index.js";

export type * from "./types/index.js";
