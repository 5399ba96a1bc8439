import type { CacheOwner } from "../cache/cache-owner.js";
import type { SetOptions } from "../cache/write-op.js";
import type { CacheModel } from "../model/model.js";
import type { ByteSource } from "../streaming/index.js";
import {
  exclusiveSetError,
  keyNotInCacheError,
  notStreamingError,
  scopedSetOutsideScopeError,
  sessionWithoutExpiryError,
  streamingAccessError,
} from "../borrow/borrow-errors.js";
import { readMeta, type ReadMeta } from "./read-meta.js";
import type { InvalidateOptions, InvalidationMode } from "../contracts/invalidation-mode.js";

/** What an `Owned` handle needs besides its cache's owner. */
export interface OwnedHandleContext {
  /** `invalidate(patternOrKey)` within this cache, cascading (the layer's manual invalidation). */
  invalidateIn(cache: CacheModel, patternOrKey: string, mode: InvalidationMode | undefined): Promise<void>;
  readonly now: () => number;
}

/**
 * The handle of a cache on its primary layer: reads, writes and invalidation. Every method checks
 * the key against the cache's patterns first (its owner's compiled membership test, no I/O), then the
 * cache's rules (exclusive, streaming, session), then delegates to the owner: every write is the
 * owner's one write transaction, which invalidates the manifest's `invalidates` targets.
 *
 * @example
 * const users = client.own("user_data");
 * await users.set("user:42", { id: "42", name: "Ada" }); // also drops 'profile:42' at its owner
 * await users.get("user:42") //=> { id: "42", name: "Ada" }
 */
export class OwnedHandle {
  readonly cache: string;
  readonly layer: string;
  readonly #model: CacheModel;
  readonly #owner: CacheOwner;
  readonly #context: OwnedHandleContext;
  readonly #matches: (key: string) => boolean;
  readonly #streaming: boolean;

  constructor(owner: CacheOwner, context: OwnedHandleContext) {
    this.cache = owner.name;
    this.layer = owner.layer;
    this.#model = owner.model;
    this.#owner = owner;
    this.#context = context;
    this.#matches = owner.model.acceptsKey;
    this.#streaming = owner.model.streaming;
  }

  /** The value of `key`: stored, else loaded from the layer's source (once for concurrent misses), else `undefined`. */
  get(key: string): Promise<unknown> {
    // Not `async`: a hit then costs the engine's promise only, and a bad key still rejects rather than throws.
    if (!this.#matches(key)) return Promise.reject(keyNotInCacheError(this.#model, key, this.layer));
    if (this.#streaming) return Promise.reject(streamingAccessError(this.#model, this.layer, key, "get", "stream(key)"));
    return this.#owner.get(key);
  }

  /** Whether a fresh value of `key` is stored (never loads). */
  async has(key: string): Promise<boolean> {
    this.#checkKey(key);
    return this.#owner.has(key);
  }

  /** The values of `keys`, in order. */
  async getMany(keys: readonly string[]): Promise<unknown[]> {
    for (const key of keys) this.#checkKey(key);
    if (this.#streaming) throw streamingAccessError(this.#model, this.layer, keys[0] ?? "", "getMany", "stream(key)");
    return this.#owner.getMany(keys);
  }

  /** The value with `{ hit, stale, age, expiresAt, layer }`. */
  async getWithMeta(key: string): Promise<ReadMeta> {
    this.#checkKey(key);
    if (this.#streaming) throw streamingAccessError(this.#model, this.layer, key, "getWithMeta", "stream(key)");
    return readMeta(await this.#owner.read(key), this.layer, this.#context.now());
  }

  /** Stores `value` (validated, copied, frozen) and invalidates what the manifest says it invalidates. */
  async set(key: string, value: unknown, options?: SetOptions): Promise<void> {
    this.#checkKey(key);
    if (this.#streaming) throw streamingAccessError(this.#model, this.layer, key, "set", "putStream(key, source)");
    if (this.#model.exclusive) throw exclusiveSetError(this.#model, this.layer, key);
    this.#checkSessionExpiry(key, options);
    await this.#owner.write(key, { kind: "set", value, options });
  }

  /**
   * Stores several values in one write transaction: one store round trip where the store can (one
   * script on Redis, `setMany` on a keyv adapter that has it), each key's cascade carried out once.
   * The same rules as `set`, checked for every key before anything is written.
   */
  async setMany(entries: Iterable<readonly [string, unknown]>, options?: SetOptions): Promise<void> {
    const batch = [...entries].map(([key, value]) => ({ key, value }));
    for (const { key } of batch) this.#checkKey(key);
    const first = batch[0]?.key ?? "";
    if (this.#streaming) throw streamingAccessError(this.#model, this.layer, first, "setMany", "putStream(key, source)");
    if (this.#model.exclusive) throw exclusiveSetError(this.#model, this.layer, first);
    for (const { key } of batch) this.#checkSessionExpiry(key, options);
    await this.#owner.writeMany({ kind: "setMany", entries: batch, options });
  }

  /** Removes several keys in one write transaction (one store round trip where the store can); `true` if any was stored. */
  async deleteMany(keys: readonly string[]): Promise<boolean> {
    for (const key of keys) this.#checkKey(key);
    const results = await this.#owner.writeMany({ kind: "deleteMany", keys: [...keys] });
    return results.includes(true);
  }

  /** Removes `key` (running its session cleanup) and invalidates its targets; `true` if it was stored. */
  async delete(key: string): Promise<boolean> {
    this.#checkKey(key);
    return (await this.#owner.write(key, { kind: "delete" })) as boolean;
  }

  /**
   * The stored value, or `factory()`'s, stored: concurrent misses run `factory` once. Filling a miss
   * replaces nothing, so it invalidates nothing.
   */
  getOrSet(key: string, factory: () => unknown, options?: SetOptions): Promise<unknown> {
    // Not `async`, like `get`: a hit costs the engine's promise only.
    if (!this.#matches(key)) return Promise.reject(keyNotInCacheError(this.#model, key, this.layer));
    const refused = this.#refuseGetOrSet(key, options);
    if (refused) return Promise.reject(refused);
    return this.#owner.getOrSet(key, factory, options);
  }

  /**
   * Read-modify-write under a lock on `key` (shared across processes when the store has `lock()`):
   * `fn(current)` returns the next value (`undefined` deletes). A throwing `fn` leaves the old value.
   * Invalidates like any write. Resolves to the stored value. `options.id` names the update: a retry
   * with the id of an attempt whose outcome was unknown (`WriteOutcomeUnknownError.operationId`) is not
   * applied a second time if the first one landed.
   */
  async atomicUpdate(key: string, fn: (current: unknown) => unknown, options?: { readonly id?: string }): Promise<unknown> {
    this.#checkKey(key);
    if (this.#streaming) throw streamingAccessError(this.#model, this.layer, key, "atomicUpdate", "putStream(key, source)");
    return this.#owner.write(key, { kind: "update", fn, id: options?.id });
  }

  /**
   * Drops a key or pattern of this cache here, and everything it invalidates, wherever it is owned;
   * `{ mode: "expire" }` marks them stale instead (served within `grace` while one refresh runs).
   */
  async invalidate(patternOrKey: string, options?: InvalidateOptions): Promise<void> {
    return this.#context.invalidateIn(this.#model, patternOrKey, options?.mode);
  }

  /** Stores a streaming value chunk by chunk (streaming caches only). */
  async putStream(key: string, source: ByteSource | Iterable<Uint8Array>, options?: { ttl?: number }): Promise<void> {
    this.#checkKey(key);
    if (!this.#streaming) throw notStreamingError(this.#model, this.layer, key, "putStream");
    // A sync iterable (an array of chunks) is read by the same `yield*` as an async one.
    await this.#owner.write(key, { kind: "stream", source: source as ByteSource, ttl: options?.ttl });
  }

  /** Yields a streaming value chunk by chunk, never the whole value at once (streaming caches only). */
  stream(key: string): AsyncIterable<Uint8Array> {
    this.#checkKey(key);
    if (!this.#streaming) throw notStreamingError(this.#model, this.layer, key, "stream");
    return this.#owner.stream(key);
  }

  /** Only a request scope's handle sets scoped keys: this one rejects, with the compile-time text. */
  setScoped(key?: string, ..._rest: unknown[]): Promise<never> {
    return Promise.reject(scopedSetOutsideScopeError(this.#model, this.layer, key));
  }

  #checkKey(key: string): void {
    if (!this.#matches(key)) throw keyNotInCacheError(this.#model, key, this.layer);
  }

  #refuseGetOrSet(key: string, options: SetOptions | undefined): Error | undefined {
    if (this.#streaming) return streamingAccessError(this.#model, this.layer, key, "getOrSet", "stream(key) and putStream(key, source)");
    if (this.#model.exclusive) return exclusiveSetError(this.#model, this.layer, key);
    return this.#sessionExpiryError(key, options);
  }

  #checkSessionExpiry(key: string, options: SetOptions | undefined): void {
    const error = this.#sessionExpiryError(key, options);
    if (error) throw error;
  }

  /** Rule 10 at run time: a session entry needs a ttl (the cache's or this write's) or a cleanup. */
  #sessionExpiryError(key: string, options: SetOptions | undefined): Error | undefined {
    const model = this.#model;
    if (model.lifetime === "session" && model.ttl === undefined && options?.ttl === undefined && options?.cleanup === undefined) {
      return sessionWithoutExpiryError(model, this.layer, key);
    }
    return undefined;
  }
}
