import type { SetOptions } from "../../runtime/contracts/set-options.js";
import type { InvalidationMode } from "../../runtime/contracts/invalidation-mode.js";
import type { InvalidationModeMessage } from "../messages/http.js";
import type {
  ExclusiveSetMessage,
  NotStreamingMessage,
  ScopedSetOutsideScopeMessage,
  SessionWithoutExpiryMessage,
  StreamingAccessMessage,
} from "../messages/index.js";
import type { ownedBrand, HandleBrand } from "./brand.js";
import type { IsExclusive, IsStreaming, NeedsCleanup } from "./features.js";
import type { Forbidden } from "./forbidden.js";
import type { CheckKeyFor, KeyOf, PatternsText, ValueOf } from "./keys.js";
import type { ByteSource, ReadValue } from "./read.js";
import type { GetManyMethod, GetMethod, GetWithMetaMethod, HasMethod, StreamMethod } from "./read-methods.js";

/**
 * The capability to write a cache: what `own(cache)` returns on the cache's primary layer. Reads go to
 * this layer's store, then its source; writes invalidate the manifest's `invalidates` targets at
 * their owners. Methods a cache's rules forbid are errors at the call, with the reason.
 *
 * @example
 * async function rename(users: Owned<typeof app, "user_data">, id: string, name: string) {
 *   await users.atomicUpdate(`user:${id}`, (user) => ({ ...user!, name }))
 * }
 */
export type Owned<TManifest, TCache extends string, TLayer extends string = string> = {
  readonly [ownedBrand]: HandleBrand<TManifest, TCache, TLayer>;
  readonly cache: TCache;
  readonly layer: TLayer;
  /** The value of `key`: stored, else loaded from the layer's source (once for concurrent misses), else `undefined`. */
  readonly get: GetMethod<TManifest, TCache>;
  /** `true` when `key` is stored (without loading it). */
  readonly has: HasMethod<TManifest, TCache>;
  /** Several values at once, in order. */
  readonly getMany: GetManyMethod<TManifest, TCache>;
  /** The value with `{ hit, stale, age, expiresAt, layer }`. */
  readonly getWithMeta: GetWithMetaMethod<TManifest, TCache>;
  /** Stores `value` under `key` and invalidates what the manifest says this write invalidates. */
  readonly set: SetMethod<TManifest, TCache>;
  /** Deletes `key` (and invalidates like a write); `true` if it was stored. */
  readonly delete: <TKey extends string>(key: CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>) => Promise<boolean>;
  /** The stored value, or `factory()`'s, stored (one factory call for concurrent misses). */
  readonly getOrSet: IsExclusive<TManifest, TCache> extends true ? Forbidden<ExclusiveSetMessage<TCache>>
  : IsStreaming<TManifest, TCache> extends true ? Forbidden<StreamingAccessMessage<TCache, "getOrSet", "stream(key) and putStream(key, source)">>
  : <TKey extends string>(
      key: CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>,
      factory: () => ValueOf<TManifest, TCache> | Promise<ValueOf<TManifest, TCache>>,
      options?: SetOptions,
    ) => Promise<ReadValue<TManifest, TCache>>;
  /**
   * Read-modify-write under a per-key lock (across processes on Redis); invalidates like any write.
   * Pass `{ id }` to retry an update whose outcome was unknown (`WriteOutcomeUnknownError.operationId`):
   * it is not applied twice.
   */
  readonly atomicUpdate: <TKey extends string>(
    key: CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>,
    update: (current: ReadValue<TManifest, TCache> | undefined) => ValueOf<TManifest, TCache> | Promise<ValueOf<TManifest, TCache>>,
    options?: { readonly id?: string },
  ) => Promise<ReadValue<TManifest, TCache>>;
  /**
   * Drops a key or every key matching a pattern of this cache, cascading like a write;
   * `{ mode: "expire" }` marks them stale instead (served within `grace` while one refresh runs).
   */
  readonly invalidate: <const TMode extends string = InvalidationMode>(
    patternOrKey: string,
    options?: { readonly mode?: TMode extends InvalidationMode ? TMode : InvalidationModeMessage<TMode, TCache> },
  ) => Promise<void>;
  /**
   * Stores several values in one write transaction: one store round trip where the store can, each
   * cascade target dropped once. Absent, like `set`, on exclusive and streaming caches.
   */
  readonly setMany: SetManyMethod<TManifest, TCache>;
  /** Deletes several keys in one write transaction (one store round trip where the store can); `true` if any was stored. */
  readonly deleteMany: (keys: readonly KeyOf<TManifest, TCache>[]) => Promise<boolean>;
  /** Stores a streaming value chunk by chunk; a failure half-way keeps the old value. */
  readonly putStream: IsStreaming<TManifest, TCache> extends true ?
    <TKey extends string>(
      key: CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>,
      source: ByteSource,
      options?: { readonly ttl?: number },
    ) => Promise<void>
  : Forbidden<NotStreamingMessage<TCache, "putStream">>;
  /** Reads a streaming value chunk by chunk, never the whole value at once. */
  readonly stream: StreamMethod<TManifest, TCache>;
  /** Only a request scope's handle sets scoped keys. */
  readonly setScoped: Forbidden<ScopedSetOutsideScopeMessage<TCache>>;
};

/** `set`, by the cache's rules: absent on exclusive and streaming caches; with a required `cleanup` on session caches without `ttl`. */
type SetMethod<TManifest, TCache extends string> =
  IsExclusive<TManifest, TCache> extends true ? Forbidden<ExclusiveSetMessage<TCache>>
  : IsStreaming<TManifest, TCache> extends true ? Forbidden<StreamingAccessMessage<TCache, "set", "putStream(key, source)">>
  : NeedsCleanup<TManifest, TCache> extends true ? SessionSet<TManifest, TCache>
  : <TKey extends string>(
      key: CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>,
      value: ValueOf<TManifest, TCache>,
      options?: SetOptions,
    ) => Promise<void>;

/** `setMany`, by the same rules as `set`: the same messages on exclusive, streaming and session caches. */
type SetManyMethod<TManifest, TCache extends string> =
  IsExclusive<TManifest, TCache> extends true ? Forbidden<ExclusiveSetMessage<TCache>>
  : IsStreaming<TManifest, TCache> extends true ? Forbidden<StreamingAccessMessage<TCache, "setMany", "putStream(key, source)">>
  : NeedsCleanup<TManifest, TCache> extends true ?
    <TOptions extends SetOptions | undefined = undefined>(
      entries: [TOptions] extends [{ readonly cleanup: () => unknown }] ? Iterable<readonly [KeyOf<TManifest, TCache>, ValueOf<TManifest, TCache>]>
      : SessionWithoutExpiryMessage<TCache>,
      options?: TOptions,
    ) => Promise<void>
  : (entries: Iterable<readonly [KeyOf<TManifest, TCache>, ValueOf<TManifest, TCache>]>, options?: SetOptions) => Promise<void>;

/**
 * Rule 10: without `{ cleanup }` the key parameter becomes the message, so the error names the reason
 * at the call (a missing argument would only say "Expected 3 arguments").
 */
type SessionSet<TManifest, TCache extends string> = <TKey extends string, TOptions extends SetOptions | undefined = undefined>(
  key: [TOptions] extends [{ readonly cleanup: () => unknown }] ? CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>
  : SessionWithoutExpiryMessage<TCache>,
  value: ValueOf<TManifest, TCache>,
  options?: TOptions,
) => Promise<void>;

export type { SetOptions };
