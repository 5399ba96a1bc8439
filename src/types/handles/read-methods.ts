import type { NotStreamingMessage, StreamingAccessMessage } from "../messages/index.js";
import type { IsStreaming } from "./features.js";
import type { Forbidden } from "./forbidden.js";
import type { CheckKeyFor, KeyOf, PatternsText } from "./keys.js";
import type { ReadMeta, ReadValue } from "./read.js";

// The read methods `Owned` and `Borrowed` share, one alias each, so both handles stay flat object types
// (hovers list methods, not intersections) without writing each signature twice. Each alias is a
// conditional on the manifest: it resolves at once, so a hover shows the signature, not `HasMethod<…manifest…>`.

/** `get(key)`: the value, or `undefined`; on a streaming cache, the reason to use `stream`. */
export type GetMethod<TManifest, TCache extends string> =
  IsStreaming<TManifest, TCache> extends true ? Forbidden<StreamingAccessMessage<TCache, "get", "stream(key)">>
  : <TKey extends string>(
      key: CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>,
    ) => Promise<ReadValue<TManifest, TCache> | undefined>;

/** `has(key)`. */
export type HasMethod<TManifest, TCache extends string> =
  TManifest extends unknown ?
    <TKey extends string>(key: CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>) => Promise<boolean>
  : never;

/** `getMany(keys)`, in order. */
export type GetManyMethod<TManifest, TCache extends string> =
  TManifest extends unknown ? (keys: readonly KeyOf<TManifest, TCache>[]) => Promise<(ReadValue<TManifest, TCache> | undefined)[]> : never;

/** `getWithMeta(key)`: the value with `{ hit, stale, age, expiresAt, layer }`. */
export type GetWithMetaMethod<TManifest, TCache extends string> =
  TManifest extends unknown ?
    <TKey extends string>(
      key: CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>,
    ) => Promise<ReadMeta<ReadValue<TManifest, TCache>>>
  : never;

/** `stream(key)` on a streaming cache; elsewhere the reason to use `get`. */
export type StreamMethod<TManifest, TCache extends string> =
  IsStreaming<TManifest, TCache> extends true ?
    <TKey extends string>(key: CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>) => AsyncIterable<Uint8Array>
  : Forbidden<NotStreamingMessage<TCache, "stream">>;
