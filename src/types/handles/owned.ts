import type { SetOptions } from "../../runtime/contracts/set-options.js";
import type { InvalidationMode } from "../../runtime/contracts/invalidation-mode.js";
import type { InvalidationModeMessage } from "../messages/http.js";
import type { PatternToKey } from "../pattern/pattern-to-key.js";
import type { OwnsTupleOf } from "../manifest/access.js";
import type {
  ExclusiveSetMessage,
  KeyNotInCacheMessage,
  NotStreamingMessage,
  ScopedSetOutsideScopeMessage,
  SessionWithoutExpiryMessage,
  StreamingAccessMessage,
} from "../messages/index.js";
import type { QuotedList } from "../messages/quote.js";
import type { ownedBrand, CacheManifest, HandleBrand } from "./brand.js";
import type { Cached } from "./cached.js";
import type { HandleKind } from "./features.js";
import type { Forbidden } from "./forbidden.js";
import type { CheckTargetFor, ValueOf } from "./keys.js";
import type { ByteSource } from "./read.js";
import type { GetManyMethod, GetMethod, GetWithMetaMethod, HasMethod, KeyArg, StreamMethod } from "./read-methods.js";

/**
 * The capability to write a cache: what `own(cache)` returns on the cache's primary layer. Reads go to
 * this layer's store, then its source; writes invalidate the manifest's `invalidates` targets at
 * their owners. Methods a cache's rules forbid are errors at the call, with the reason.
 *
 * `TLayer` may be left out: `Owned<typeof app, "user_data">` accepts the handle of any layer.
 *
 * @example
 * async function rename(users: Owned<typeof app, "user_data">, id: string, name: string) {
 *   await users.atomicUpdate(`user:${id}`, (user) => ({ ...user!, name }))
 * }
 */
export type Owned<TManifest, TCache extends string, TLayer extends string = string> = OwnedHandle<
  TCache,
  TLayer,
  ValueOf<TManifest, TCache>,
  OwnsTupleOf<TManifest, TCache>,
  HandleKind<TManifest, TCache>
>;

/**
 * `Owned`, written with the cache's facts instead of the manifest: its name, the layer, the value
 * type, the patterns and its `HandleKind`. This is the name editors and `.d.ts` files show
 * (`OwnedHandle<"user_data", "client", User, readonly ["user:*"], "plain">`).
 *
 * @example
 * const users: OwnedHandle<"user_data", "client", User, readonly ["user:*"], "plain"> = client.own("user_data")
 */
export interface OwnedHandle<TCache extends string, TLayer extends string, TValue, TOwns extends readonly string[], TKind extends string = "plain"> {
  readonly [ownedBrand]: HandleBrand<CacheManifest<TCache, TOwns, TValue, TKind>, TCache, TLayer>;
  readonly cache: TCache;
  readonly layer: TLayer;
  /** The value of `key`: stored, else loaded from the layer's source (once for concurrent misses), else `undefined`. */
  readonly get: GetMethod<TCache, TOwns, TValue, TKind>;
  /** `true` when `key` is stored (without loading it). */
  readonly has: HasMethod<TCache, TOwns>;
  /** Several values at once, in order. */
  readonly getMany: GetManyMethod<TCache, TOwns, TValue, TKind>;
  /** The value with `{ hit, stale, age, expiresAt, layer }`. */
  readonly getWithMeta: GetWithMetaMethod<TCache, TOwns, TValue, TKind>;
  /** Stores `value` under `key` and invalidates what the manifest says this write invalidates. */
  readonly set: "exclusive" extends TKind ? Forbidden<ExclusiveSetMessage<TCache>>
  : "streaming" extends TKind ? Forbidden<StreamingAccessMessage<TCache, "set", "putStream(key, source)">>
  : "session" extends TKind ? SessionSet<TCache, TValue, TOwns>
  : <TKey extends string>(key: KeyArg<TKey, TCache, TOwns>, value: TValue, options?: SetOptions) => Promise<void>;
  /** Deletes `key` (and invalidates like a write); `true` if it was stored. */
  readonly delete: <TKey extends string>(key: KeyArg<TKey, TCache, TOwns>) => Promise<boolean>;
  /** The stored value, or `factory()`'s, stored (one factory call for concurrent misses). */
  readonly getOrSet: "exclusive" extends TKind ? Forbidden<ExclusiveSetMessage<TCache>>
  : "streaming" extends TKind ? Forbidden<StreamingAccessMessage<TCache, "getOrSet", "stream(key) and putStream(key, source)">>
  : <TKey extends string>(key: KeyArg<TKey, TCache, TOwns>, factory: () => TValue | Promise<TValue>, options?: SetOptions) => Promise<Cached<TValue>>;
  /**
   * Read-modify-write under a per-key lock (across processes on Redis); invalidates like any write.
   * Pass `{ id }` to retry an update whose outcome was unknown (`WriteOutcomeUnknownError.operationId`):
   * it is not applied twice.
   */
  readonly atomicUpdate: <TKey extends string>(
    key: KeyArg<TKey, TCache, TOwns>,
    update: (current: Cached<TValue> | undefined) => TValue | Promise<TValue>,
    options?: { readonly id?: string },
  ) => Promise<Cached<TValue>>;
  /**
   * Drops a key or every key matching a pattern of this cache, cascading like a write; a target outside
   * the cache is an error. `{ mode: "expire" }` marks them stale instead (served within `grace` while
   * one refresh runs).
   */
  readonly invalidate: <TTarget extends string, const TMode extends string = InvalidationMode>(
    patternOrKey: CheckTargetFor<TTarget, TOwns[number], KeyNotInCacheMessage<TTarget, TCache, QuotedList<TOwns>>>,
    options?: { readonly mode?: TMode extends InvalidationMode ? TMode : InvalidationModeMessage<TMode, TCache> },
  ) => Promise<void>;
  /**
   * Stores several values in one write transaction: one store round trip where the store can, each
   * cascade target dropped once. Absent, like `set`, on exclusive and streaming caches (with `set`'s text).
   */
  readonly setMany: SetManyMethod<TCache, TValue, TOwns, TKind>;
  /** Deletes several keys in one write transaction (one store round trip where the store can); `true` if any was stored. */
  readonly deleteMany: (keys: readonly PatternToKey<TOwns[number]>[]) => Promise<boolean>;
  /** Stores a streaming value chunk by chunk; a failure half-way keeps the old value. */
  readonly putStream: "streaming" extends TKind ?
    <TKey extends string>(key: KeyArg<TKey, TCache, TOwns>, source: ByteSource, options?: { readonly ttl?: number }) => Promise<void>
  : Forbidden<NotStreamingMessage<TCache, "putStream">>;
  /** Reads a streaming value chunk by chunk, never the whole value at once. */
  readonly stream: StreamMethod<TCache, TOwns, TKind>;
  /** Only a request scope's handle sets scoped keys. */
  readonly setScoped: Forbidden<ScopedSetOutsideScopeMessage<TCache>>;
}

/** `setMany`, by the same rules as `set`: the same messages on exclusive, streaming and session caches. */
type SetManyMethod<TCache extends string, TValue, TOwns extends readonly string[], TKind extends string> =
  "exclusive" extends TKind ? Forbidden<ExclusiveSetMessage<TCache>>
  : "streaming" extends TKind ? Forbidden<StreamingAccessMessage<TCache, "setMany", "putStream(key, source)">>
  : "session" extends TKind ?
    <TOptions extends SetOptions | undefined = undefined>(
      entries: [TOptions] extends [{ readonly cleanup: () => unknown }] ? Iterable<readonly [PatternToKey<TOwns[number]>, TValue]>
      : SessionWithoutExpiryMessage<TCache>,
      options?: TOptions,
    ) => Promise<void>
  : (entries: Iterable<readonly [PatternToKey<TOwns[number]>, TValue]>, options?: SetOptions) => Promise<void>;

/**
 * Rule 10: without `{ cleanup }` the key parameter becomes the message, so the error names the reason
 * at the call (a missing argument would only say "Expected 3 arguments").
 */
type SessionSet<TCache extends string, TValue, TOwns extends readonly string[]> = <TKey extends string, TOptions extends SetOptions | undefined = undefined>(
  key: [TOptions] extends [{ readonly cleanup: () => unknown }] ? KeyArg<TKey, TCache, TOwns> : SessionWithoutExpiryMessage<TCache>,
  value: TValue,
  options?: TOptions,
) => Promise<void>;

export type { SetOptions };
