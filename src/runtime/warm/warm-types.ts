import type { KeyListing } from "../contracts/source.js";

/**
 * One cache to warm: which keys to prefetch, where to list and load them, where to put them.
 *
 * @example
 * const stored = new Map<string, unknown>()
 * const warm: WarmCache = {
 *   cache: "data_cache",
 *   prefetch: ["popular:*"],
 *   keys: (pattern) => db.scan(pattern),
 *   load: (key) => db.load(key),
 *   store: async (key, value) => void stored.set(key, value),
 * }
 */
export interface WarmCache {
  /** The cache's name, echoed in progress events and results. */
  readonly cache: string;
  /** The `warm.prefetch` patterns: every key the source lists for them is loaded. */
  readonly prefetch: readonly string[];
  /** The cache's own patterns; a listed key outside them (a sloppy scan) is skipped, never stored. Absent: the prefetch patterns. */
  readonly owns?: readonly string[] | undefined;
  /** Lists the source's keys for one pattern (the source's `keys`): one by one, or an array or a promise of one. */
  keys(pattern: string): KeyListing;
  /** Loads one key from the source; `undefined` means the source has no value and nothing is stored. */
  load(key: string): Promise<unknown>;
  /** Stores a loaded value in the cache (the owner layer's write). */
  store(key: string, value: unknown): Promise<void>;
}

/**
 * Where warming a cache has got to. `total` is known once its keys are listed; `done` counts keys
 * loaded, missing or failed, never decreases, and ends at `total`.
 *
 * @example
 * const onProgress = ({ cache, done, total }: WarmProgress) => console.log(`${cache}: ${total === 0 ? 100 : Math.round((100 * done) / total)}%`)
 * await server.warm({ onProgress })
 */
export interface WarmProgress {
  readonly cache: string;
  readonly phase: "start" | "loading" | "end";
  readonly done: number;
  readonly total: number;
  readonly failed: number;
}

/**
 * A key (or a listing) that could not be warmed; warming went on without it.
 *
 * @example
 * const result = await server.warm()
 * for (const { cache, stage, key, pattern, error } of result.errors) console.warn(`${cache}: ${stage} ${key ?? pattern}`, error)
 */
export interface WarmFailure {
  readonly cache: string;
  readonly stage: "keys" | "load" | "store";
  /** The key, for `load` and `store` failures. */
  readonly key?: string | undefined;
  /** The prefetch pattern, for `keys` failures. */
  readonly pattern?: string | undefined;
  readonly error: unknown;
}

/**
 * What warming one cache did.
 *
 * @example
 * const result = await server.warm()
 * for (const { cache, loaded, total } of result.caches) console.log(`${cache}: ${loaded} of ${total} keys loaded`)
 */
export interface WarmCacheResult {
  readonly cache: string;
  /** Keys listed, matching the cache's patterns, without duplicates. */
  readonly total: number;
  /** Loaded and stored. */
  readonly loaded: number;
  /** Listed, but the source had no value. */
  readonly missing: number;
  readonly failed: number;
  /** Listed outside the cache's patterns: not loaded. */
  readonly skipped: number;
}

/**
 * What `warmCaches` did: per cache, and every failure.
 *
 * @example
 * const result = await server.warm()
 * if (!result.ok) process.exitCode = 1
 */
export interface WarmResult {
  readonly caches: readonly WarmCacheResult[];
  readonly errors: readonly WarmFailure[];
  /** `true` when nothing failed and nothing was aborted. */
  readonly ok: boolean;
  readonly aborted: boolean;
  readonly durationMs: number;
}

/**
 * How to warm.
 *
 * @example
 * declare const caches: WarmCache[] // what warmPlan makes of a layer's warm caches
 * const options: WarmOptions = { caches, concurrency: 16, signal: AbortSignal.timeout(30_000) }
 */
export interface WarmOptions {
  readonly caches: readonly WarmCache[];
  /** Loads in flight at once, over all caches. @default 8 */
  readonly concurrency?: number | undefined;
  /** Emit a `loading` event every this many keys of a cache. @default 1% of the cache's keys (at least 1) */
  readonly progressEvery?: number | undefined;
  /** Hears progress: at least a `start` (total known) and an `end` per cache, and `loading` events between. */
  readonly onProgress?: ((progress: WarmProgress) => void) | undefined;
  /** Stops taking new keys when aborted; loads in flight finish. */
  readonly signal?: AbortSignal | undefined;
  /** @default performance.now */
  readonly now?: (() => number) | undefined;
}
