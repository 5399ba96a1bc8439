import type { ValueSpec } from "./typed.js";
import type { InvalidationEntry } from "./invalidation-entry.js";

/** The layers a manifest has when it names none: nearest the user first, the origin last. */
export type DefaultLayers = readonly ["client", "edge", "server"];

/** A size as the manifest writes it: `"50MB"` (B, KB, MB, GB; 1024-based). */
export type SizeString = `${number}${"B" | "KB" | "MB" | "GB"}`;

/** A duration as the manifest writes it: `"30m"` (ms, s, m, h, d). */
export type DurationString = `${number}${"ms" | "s" | "m" | "h" | "d"}`;

/**
 * One cache of a manifest, as written. The checker reads literal types out of it; this interface is
 * for documentation and editor completion — `defineManifest` accepts anything object-shaped so that
 * its own rule messages, not a bare "not assignable", reach the user.
 *
 * @example
 * const user: CacheSpec = { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] }
 */
export interface CacheSpec {
  /** The layer that owns the cache's patterns: one of the manifest's `layers`. */
  readonly primary: string;
  /** The key patterns this cache owns; no other cache may own an overlapping one. */
  readonly owns: readonly string[];
  /**
   * The value type: `typed<User>()` (checked by `tsc` only), or a Standard Schema (zod 4, valibot, …)
   * whose output type is the value type and which also runs where values cross a trust boundary.
   * @default typed<unknown>()
   */
  readonly value?: ValueSpec;
  /** Where a schema `value` runs: on values read from shared or remote stores, on values written, or both. @default "read" */
  readonly validate?: "read" | "write" | "both";
  /** The deploy version of the cache's data (`"2026-12-04"` or a number): entries written under another version are misses. */
  readonly version?: string | number;
  /**
   * Patterns a write to this cache invalidates; the `*` captures carry over (`user:42` → `profile:42`).
   * An entry `{ target, mode: "expire" }` marks its target stale instead of deleting it.
   */
  readonly invalidates?: readonly (string | InvalidationEntry)[];
  /** Byte budget of the owner's store for this cache: `"50MB"`. */
  readonly maxSize?: SizeString;
  /** Values move as chunks: `stream(key)` and `putStream(key, source)` instead of `get`/`set`. */
  readonly streaming?: boolean;
  /** Chunk size of a streaming cache: `"1MB"`. */
  readonly chunkSize?: SizeString;
  /** Entries expire after this long: `"30m"`. */
  readonly ttl?: DurationString;
  /** After `ttl`, keep a value this long and serve it when the source fails or is slow. */
  readonly grace?: DurationString;
  /** Soft load timeout: serve the graced value and refresh in the background. */
  readonly timeout?: DurationString;
  /** Hard load timeout: the load fails with an error naming the key. */
  readonly hardTimeout?: DurationString;
  /** Prefetch these patterns at `layer.warm()`; `backfill` stores what a miss loads. */
  readonly warm?: { readonly prefetch: readonly string[]; readonly backfill?: boolean };
  /** `"request"`: deleted when the request scope ends; `"session"`: expires by `ttl` or runs its `cleanup`. @default "static" */
  readonly lifetime?: "static" | "request" | "session";
  /** The only write is `atomicUpdate(key, fn)`, under a lock that holds across processes. */
  readonly exclusive?: boolean;
  /** `offline_first`: answered from the client's storage first; `real_time`: never served stale. */
  readonly strategy?: "offline_first" | "real_time";
  /** Values belong to one user and must never sit in a layer shared between users. */
  readonly private?: boolean;
}

/**
 * A manifest as written: optional `layers` (nearest the user first) and the `caches`.
 *
 * @example
 * const spec: ManifestSpec = { caches: { user_data: { primary: "client", owns: ["user:*"] } } }
 */
export interface ManifestSpec {
  readonly layers?: readonly string[];
  readonly caches: { readonly [cache: string]: CacheSpec };
}

/** What `defineManifest` accepts before its rules run: loose on purpose, so each rule names its own error. */
export interface ManifestInput {
  readonly layers?: readonly string[];
  readonly caches: { readonly [cache: string]: object };
}

/** The fields a cache may have, for the unknown-field check. */
export type CacheField = keyof CacheSpec;
