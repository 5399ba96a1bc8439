/**
 * The run-time view of a checked manifest: sizes and durations parsed, defaults filled in.
 * Built once per manifest object by `modelOf(app)` (see ./model-of.ts) and shared by every layer.
 */

import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { CacheMembership } from "./cache-membership.js";
import type { InvalidationMode } from "../contracts/invalidation-mode.js";

/**
 * One cache of the manifest, normalised. Sizes in bytes, durations in milliseconds. Its membership test
 * (`acceptsKey`, `accepts`) is compiled once, here, and used by every caller.
 */
export interface CacheModel extends CacheMembership {
  readonly name: string;
  readonly primary: string;
  readonly owns: readonly string[];
  /** The targets of `invalidates`, each as written (an entry `{ target, mode }` as its target). */
  readonly invalidates: readonly string[];
  /** The mode of each `invalidates` target, by index: `"delete"` unless the entry says `"expire"`. */
  readonly invalidationModes: readonly InvalidationMode[];
  readonly maxSize: number | undefined;
  readonly streaming: boolean;
  readonly chunkSize: number | undefined;
  readonly ttl: number | undefined;
  readonly grace: number | undefined;
  readonly timeout: number | undefined;
  readonly hardTimeout: number | undefined;
  readonly warm: { readonly prefetch: readonly string[]; readonly backfill: boolean } | undefined;
  readonly lifetime: "static" | "request" | "session";
  readonly exclusive: boolean;
  readonly strategy: "offline_first" | "real_time" | undefined;
  readonly private: boolean;
  /** The `value` when it is a Standard Schema (zod, valibot, …); `undefined` for `typed<T>()`. */
  readonly schema: StandardSchemaV1 | undefined;
  /** Where the schema runs: values read from untrusted stores, values written, or both. */
  readonly validate: "read" | "write" | "both";
  /** The deploy version of the cache's data; entries of another version are misses. */
  readonly version: string | number | undefined;
}

/** One step of an invalidation cascade: what to drop, at which cache. */
export interface InvalidationTarget {
  readonly cache: string;
  /** A key (no `*`) or a pattern (with `*`, after the writer's captures were substituted). */
  readonly target: string;
  readonly isPattern: boolean;
  /** `"expire"`: mark stale (soft invalidation) instead of delete. Absent: delete. */
  readonly mode?: InvalidationMode | undefined;
}

/** The whole manifest, normalised, with the lookups the runtime needs. */
export interface ManifestModel {
  readonly layers: readonly string[];
  readonly caches: ReadonlyMap<string, CacheModel>;
  /** The cache named, or owning exactly this pattern. */
  resolve(cacheOrPattern: string): CacheModel | undefined;
  /** The cache whose patterns match this key (one owner per key), if any. */
  ownerOfKey(key: string): CacheModel | undefined;
  /** Everything a write of `key` in `cache` invalidates, transitively, captures carried over. */
  invalidationsOf(cache: string, key: string): readonly InvalidationTarget[];
}
