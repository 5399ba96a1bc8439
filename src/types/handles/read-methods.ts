import type { NotStreamingMessage, StreamingAccessMessage } from "../messages/index.js";
import type { IsStreaming } from "./features.js";
import type { Forbidden } from "./forbidden.js";
import type { CheckKey, KeyOf } from "./keys.js";
import type { ReadMeta, ReadValue } from "./read.js";

// The read methods `Owned` and `Borrowed` share, one alias each, so both handles stay flat object types
// (hovers list methods, not intersections) without writing each signature twice.

/** `get(key)`: the value, or `undefined`; on a streaming cache, the reason to use `stream`. */
export type GetMethod<TManifest, TCache extends string> = IsStreaming<TManifest, TCache> extends true
  ? Forbidden<StreamingAccessMessage<TCache, "get", "stream(key)">>
  : <TKey extends string>(key: CheckKey<TManifest, TCache, TKey>) => Promise<ReadValue<TManifest, TCache> | undefined>;

/** `has(key)`. */
export type HasMethod<TManifest, TCache extends string> = <TKey extends string>(key: CheckKey<TManifest, TCache, TKey>) => Promise<boolean>;

/** `getMany(keys)`, in order. */
export type GetManyMethod<TManifest, TCache extends string> = (keys: readonly KeyOf<TManifest, TCache>[]) => Promise<(ReadValue<TManifest, TCache> | undefined)[]>;

/** `getWithMeta(key)`: the value with `{ hit, stale, age, expiresAt, layer }`. */
export type GetWithMetaMethod<TManifest, TCache extends string> = <TKey extends string>(
  key: CheckKey<TManifest, TCache, TKey>,
) => Promise<ReadMeta<ReadValue<TManifest, TCache>>>;

/** `stream(key)` on a streaming cache; elsewhere the reason to use `get`. */
export type StreamMethod<TManifest, TCache extends string> = IsStreaming<TManifest, TCache> extends true
  ? <TKey extends string>(key: CheckKey<TManifest, TCache, TKey>) => AsyncIterable<Uint8Array>
  : Forbidden<NotStreamingMessage<TCache, "stream">>;
