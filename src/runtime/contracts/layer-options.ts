import type { InvalidationBus } from "./bus.js";
import type { Clock } from "./clock.js";
import type { CacheStore } from "./store.js";

/**
 * The options every layer takes whatever its manifest: declared once, here, for the typed
 * `LayerOptions` and for the run-time's erased form of it.
 *
 * @example
 * const base: LayerOptionsBase = { store: memoryStore(), clock: manualClock() }
 */
export interface LayerOptionsBase {
  /** Where this layer keeps what it owns. @default memoryStore() */
  readonly store?: CacheStore | undefined;
  /** How invalidations reach this layer's other processes. @default memoryBus() (this process only) */
  readonly bus?: InvalidationBus | undefined;
  /** Time and timers: ttl, grace, timeouts and every timestamp a reader sees follow it. @default systemClock */
  readonly clock?: Clock | undefined;
  /** This process's id on the bus. @default a random id */
  readonly processId?: string | undefined;
}
