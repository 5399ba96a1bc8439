import type { ReadonlyDeep } from "type-fest";
import type { ValueOf } from "./keys.js";

/**
 * What a read returns: the cache's value, read-only all the way down. The runtime copies and freezes a
 * value once at `set` (Maps, Sets and Dates become read-only), so a hit costs no clone and no caller can
 * corrupt the stored value; this type says so to `tsc`.
 *
 * @example
 * type U = ReadValue<typeof app, "user_data">
 * //=> ReadonlyDeep<User>
 */
export type ReadValue<TManifest, TCache extends string> = ReadonlyDeep<ValueOf<TManifest, TCache>>;

/**
 * What `getWithMeta(key)` returns: the value and what an HTTP cache-status header needs.
 *
 * @example
 * const { value, hit, stale, age } = await layer.own("user_data").getWithMeta("user:1")
 */
export interface ReadMeta<TValue> {
  readonly value: TValue | undefined;
  /** A value was found stored at the owner (fresh, or stale within grace). */
  readonly hit: boolean;
  /** Past its ttl, served within grace because the source failed or was slow. */
  readonly stale: boolean;
  /** Milliseconds since the value was stored; `undefined` when nothing was stored. */
  readonly age: number | undefined;
  /** End of freshness (epoch ms); `undefined`: never expires, or nothing stored. */
  readonly expiresAt: number | undefined;
  /** The layer that answered (the owner). */
  readonly layer: string;
}

/** A source of bytes for `putStream`: an async iterable, a Web `ReadableStream`, one array, or a sync iterable of them. */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | Iterable<Uint8Array> | Uint8Array;
