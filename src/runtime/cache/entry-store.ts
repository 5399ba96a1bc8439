import type { Clock } from "../contracts/clock.js";
import type { CacheStore, EvictionReason, KeyLock, StoredEntry, StorePartition } from "../contracts/store.js";
import { StoreError, ValueError } from "../errors.js";
import type { LocalLock } from "../locks/local-lock.js";
import { valueTooLargeMessage } from "../messages/value.js";
import type { CacheModel } from "../model/model.js";
import { deleteChunked, dropEvicted, putChunked, type ByteSource } from "../streaming/index.js";
import { checkedPartition } from "../schema/checked-partition.js";
import { prepareValue } from "../values/index.js";
import { probedPartition } from "../events/probed-partition.js";
import { expiredEntry } from "../stores/expired-entry.js";
import type { CacheRecorder } from "./cache-recorder.js";
import { entryTimes } from "./entry-times.js";
import { SessionCleanups } from "./session-cleanups.js";
import type { SetOptions } from "./write-op.js";

/** What a cache's storage needs from its layer. */
export interface EntryStoreContext {
  readonly layer: string;
  readonly store: CacheStore;
  readonly clock: Clock;
  readonly recorder: CacheRecorder;
  readonly locks: LocalLock;
  /** Told of every key removed (deleted, invalidated), so the loader forgets what it knew of it. */
  readonly onRemoved: (key: string) => void;
}

const DEFAULT_LOCK_MS = 10_000;

/**
 * One cache's entries in its store, on its primary layer: its store partition, how an entry is prepared (validated,
 * copied, frozen), timed (ttl, grace) and written, removed, locked, and what a store failure becomes
 * (a `StoreError` naming layer, store, cache, key and operation, reported as an `error` event). Session
 * cleanups run here, since they follow an entry's life in the store.
 *
 * @example
 * import { modelOf } from "../model/model-of.js";
 * declare const context: EntryStoreContext; // the layer's store, clock, recorder and locks
 * const storage = new EntryStore(modelOf(app).caches.get("user_data")!, context);
 * await storage.set("user:1", { name: "Ada" }, undefined);
 * (await storage.stored("user:1"))?.value //=> { name: "Ada" }
 */
export class EntryStore {
  readonly cache: CacheModel;
  readonly partition: StorePartition;
  /** How long a lock (or a lease) on one key is held, and waited for: the cache's `hardTimeout`, else 10 s. */
  readonly lockMs: number;
  /** The layer this cache is stored for, named in errors. */
  readonly layer: string;
  readonly #store: CacheStore;
  readonly #clock: Clock;
  readonly #recorder: CacheRecorder;
  readonly #locks: LocalLock;
  readonly #cleanups: SessionCleanups;
  readonly #onRemoved: (key: string) => void;

  constructor(cache: CacheModel, context: EntryStoreContext) {
    this.cache = cache;
    this.lockMs = cache.hardTimeout ?? DEFAULT_LOCK_MS;
    this.layer = context.layer;
    this.#store = context.store;
    this.#clock = context.clock;
    this.#recorder = context.recorder;
    this.#locks = context.locks;
    this.#onRemoved = context.onRemoved;
    this.#cleanups = new SessionCleanups(
      context.clock,
      (key) => void this.quietDelete(key),
      (key, error) => this.reportError(key, error, "cleanup"),
    );
    const partition = context.store.partition(cache.name, {
      maxSize: cache.maxSize,
      binary: cache.streaming,
      layer: context.layer,
      onEvict: (key, entry, reason) => this.#evicted(key, entry, reason),
    });
    // Store calls that leave the process are shown to the layer's probe (a memory store's partition stays as is);
    // what crosses the store's boundary is checked above that.
    const probed = probedPartition(
      partition,
      context.store.kind,
      () => this.#recorder.probe,
      (operation, key) => this.#recorder.site(key, operation),
    );
    this.partition = checkedPartition(probed, this.#checks(context.store.trusted === true));
  }

  /**
   * What crosses the store's boundary is checked (docs/schemas.md): on a store that is not `trusted`,
   * reads against the deploy `version` and the schema (`validate: "read"` or `"both"`); writes against
   * the schema wherever they go (`"write"` or `"both"`). A streamed value's bytes have no schema.
   * Nothing to check (a `typed<T>()` cache without `version`, or a memory store): the store's own partition.
   */
  #checks(trusted: boolean) {
    const { schema, validate, version } = this.cache;
    const checked = schema !== undefined && !this.cache.streaming;
    return {
      cache: this.cache.name,
      layer: this.layer,
      version: trusted ? undefined : version,
      readSchema: checked && !trusted && validate !== "write" ? schema : undefined,
      writeSchema: checked && validate !== "read" ? schema : undefined,
      onInvalid: (key: string, error: ValueError) => this.reportError(key, error, "validate"),
    };
  }

  /** Whether the store shares a lock between processes (then loads of one key are exclusive across them). */
  get sharesLocks(): boolean {
    return this.#store.lock !== undefined;
  }

  // ── reading ────────────────────────────────────────────────────────────

  /** The stored entry; a store that cannot be read is a `StoreError`, or — when `canLoad` — a miss (see `unreadable`). */
  async stored(key: string, canLoad = false): Promise<StoredEntry | undefined> {
    try {
      return await this.partition.get(key);
    } catch (cause) {
      return this.unreadable(key, cause, canLoad);
    }
  }

  /**
   * A store read failed (Redis away, a corrupt entry): with a source to load from, the read degrades to
   * the source — reported as an `error` event, never a hang or a failed read; without one there is
   * nothing to answer with, so it is a `StoreError`.
   */
  unreadable(key: string, cause: unknown, canLoad: boolean): undefined {
    const error = this.storeError(key, "get", cause);
    if (!canLoad) throw error;
    return undefined;
  }

  /**
   * The entry as the shared copy holds it, a failure thrown as a `StoreError` (never a miss): what a
   * write is decided on (`atomicUpdate` under its lock, the read-back after an unknown outcome).
   */
  async peek(key: string): Promise<StoredEntry | undefined> {
    try {
      return await (this.partition.peek ? this.partition.peek(key) : this.partition.get(key));
    } catch (cause) {
      throw this.storeError(key, "get", cause);
    }
  }

  isFresh(entry: StoredEntry): boolean {
    return entry.expiresAt === undefined || entry.expiresAt > this.#clock.now();
  }

  // ── writing ────────────────────────────────────────────────────────────

  /** Validates, copies and freezes `value`, then stores it (with the ids of the updates that wrote it). Returns the stored (frozen) value. */
  async set(key: string, value: unknown, options: SetOptions | undefined, ops?: readonly string[]): Promise<unknown> {
    const prepared = this.entryFor(key, value, options?.ttl);
    const entry = ops === undefined ? prepared : { ...prepared, ops };
    await this.write(key, entry, options?.ttl);
    if (options?.cleanup) this.registerCleanup(key, options.cleanup, entry);
    else this.#cleanups.run(key); // the replaced entry is gone
    return entry.value;
  }

  /** The entry a value becomes: prepared (validated, copied, frozen, sized) and timed now. */
  entryFor(key: string, value: unknown, ttlOverride: number | undefined): StoredEntry {
    const prepared = prepareValue(value, { key, cache: this.cache.name, layer: this.layer });
    const storedAt = this.#clock.now();
    const { expiresAt, staleUntil } = entryTimes(storedAt, ttlOverride ?? this.cache.ttl, this.cache.grace);
    return { value: prepared.value, storedAt, expiresAt, staleUntil };
  }

  /** Stores a prepared entry, kept by the store for ttl + grace; a failure is a `StoreError`. */
  async write(key: string, entry: StoredEntry, ttlOverride: number | undefined): Promise<void> {
    try {
      await this.partition.set(key, entry, this.#keepMs(entry, ttlOverride));
    } catch (cause) {
      throw this.storeError(key, "set", cause);
    }
  }

  /** Stores a loaded value: through the store's lease when one was taken (refused if a write came since), else as a plain write. */
  async fill(key: string, entry: StoredEntry, ttlOverride: number | undefined, token: string | undefined): Promise<boolean> {
    if (token === undefined || this.partition.fill === undefined) {
      await this.write(key, entry, ttlOverride);
      return true;
    }
    try {
      return await this.partition.fill(key, entry, this.#keepMs(entry, ttlOverride), token);
    } catch (cause) {
      throw this.storeError(key, "fill", cause);
    }
  }

  /** Frees a lease this process took whose load stored nothing; a failure is reported (the lease expires by its ttl). */
  async release(key: string, token: string): Promise<void> {
    try {
      await this.partition.release?.(key, token);
    } catch (error) {
      this.reportError(key, error, "release");
    }
  }

  /** Stores a streaming value as `chunkSize` chunks plus a header; a value past `maxSize` is refused whole. */
  async putChunks(key: string, source: ByteSource, ttlOverride: number | undefined): Promise<void> {
    const { expiresAt, staleUntil, ttlMs } = entryTimes(this.#clock.now(), ttlOverride ?? this.cache.ttl, this.cache.grace);
    const chunkSize = this.cache.chunkSize ?? 1024 * 1024;
    // Refused whole: the store would otherwise evict the value's own first chunks.
    const maxBytes = this.cache.maxSize;
    const tooLarge = (bytes: number) =>
      new ValueError(valueTooLargeMessage(key, this.cache.name, String(bytes), String(maxBytes)), key, this.cache.name, this.layer);
    await putChunked(this.partition, key, source, { chunkSize, now: () => this.#clock.now(), ttlMs, expiresAt, staleUntil, maxBytes, tooLarge });
  }

  /**
   * Several writes at once: each value prepared and timed like `set`'s, then one `setMany` of the
   * partition (one round trip where the store can), else a `set` per entry, all at once. Returns the
   * stored (frozen) values in order.
   */
  async setMany(writes: readonly { readonly key: string; readonly value: unknown }[], options: SetOptions | undefined): Promise<unknown[]> {
    const ttl = options?.ttl;
    const stored = writes.map(({ key, value }) => ({ key, entry: this.entryFor(key, value, ttl) }));
    const batch = stored.map(({ key, entry }) => ({ key, entry, ttlMs: this.#keepMs(entry, ttl) }));
    const what = batch.length === 1 ? batch[0]!.key : `${batch[0]?.key ?? ""}, … (${batch.length} keys)`;
    try {
      if (this.partition.setMany) await this.partition.setMany(batch);
      else await Promise.all(batch.map(async ({ key, entry, ttlMs }) => this.partition.set(key, entry, ttlMs)));
    } catch (cause) {
      throw this.storeError(what, "setMany", cause);
    }
    for (const { key, entry } of stored) {
      if (options?.cleanup) this.registerCleanup(key, options.cleanup, entry);
      else this.#cleanups.run(key);
    }
    return stored.map(({ entry }) => entry.value);
  }

  /** Removes several keys at once (one `deleteMany` where the store can); whether any was stored. */
  async removeMany(keys: readonly string[], operation: string): Promise<boolean> {
    if (this.cache.streaming || !this.partition.deleteMany) return (await Promise.all(keys.map((key) => this.remove(key, operation)))).includes(true);
    let removed: boolean;
    try {
      removed = await this.partition.deleteMany(keys);
    } catch (cause) {
      throw this.storeError(keys.length === 1 ? keys[0]! : `${keys[0] ?? ""}, … (${keys.length} keys)`, operation, cause);
    }
    for (const key of keys) {
      if (this.#cleanups.has(key)) this.#cleanups.run(key);
      this.#onRemoved(key);
    }
    return removed;
  }

  /**
   * Soft invalidation of `key`: its entry marked stale now and served until `now + grace` (see
   * `expiredEntry`). Through the store's atomic `expire` where it has one; else read and written back,
   * unless `stillCurrent()` says a write of the key began meanwhile (its value stays, fresh).
   * Resolves whether an entry was marked.
   */
  async expire(key: string, grace: number, stillCurrent: () => boolean): Promise<boolean> {
    const now = this.#clock.now();
    try {
      if (this.partition.expire) return await this.partition.expire(key, now, now + grace);
      const entry = await this.partition.get(key);
      const marked = entry === undefined || !stillCurrent() ? undefined : expiredEntry(entry, now, now + grace);
      if (marked === undefined) return false;
      await this.partition.set(key, marked, grace);
      return true;
    } catch (cause) {
      throw this.storeError(key, "invalidate", cause);
    }
  }

  /** Removes `key` (all of a streamed value), runs its session cleanup; `true` if it was stored. */
  async remove(key: string, operation: string): Promise<boolean> {
    let removed: boolean;
    try {
      removed = this.cache.streaming ? await deleteChunked(this.partition, key) : await this.partition.delete(key);
    } catch (cause) {
      throw this.storeError(key, operation, cause);
    }
    if (this.#cleanups.has(key)) this.#cleanups.run(key);
    this.#onRemoved(key);
    return removed;
  }

  /** Deletes without counting or throwing: a session entry reaching its end, a graced copy the source no longer has. */
  async quietDelete(key: string): Promise<void> {
    try {
      await this.partition.delete(key);
    } catch (error) {
      this.reportError(key, error, "expire");
    }
  }

  /** Runs `cleanup` once when `entry` ends (expires, is deleted, invalidated, evicted or replaced). */
  registerCleanup(key: string, cleanup: () => void | Promise<void>, entry: StoredEntry): void {
    this.#cleanups.register(key, cleanup, entry.staleUntil ?? entry.expiresAt);
  }

  /** A lock on `name`: the store's, shared by every process using it, else this process's. */
  lock(name: string): Promise<KeyLock> {
    return this.#store.lock ? this.#store.lock(name, { ttlMs: this.lockMs, waitMs: this.lockMs }) : this.#locks.acquire(name);
  }

  // ── failures and upkeep ────────────────────────────────────────────────

  /** The error to throw for a store failure: the store's own `StoreError` or `ValueError` as it is (no double wrapping), else a new `StoreError`. */
  storeError(key: string, operation: string, cause: unknown): Error {
    const error =
      cause instanceof StoreError || cause instanceof ValueError ?
        cause
      : new StoreError({ layer: this.layer, store: this.#store.kind, key, cache: this.cache.name, operation, cause });
    this.reportError(key, error, operation);
    return error;
  }

  /** Reports a failure that reaches no caller (a background refresh, a cleanup, a cascade) as an `error` event. */
  reportError(key: string, error: unknown, operation: string): void {
    this.#recorder.record("error", key, { error, operation });
  }

  /** Bytes this cache holds, where the store can tell. */
  bytes(): number {
    return this.partition.bytes?.() ?? 0;
  }

  /** Stops timers (session expiry); entries stay in the store. */
  close(): void {
    this.#cleanups.stop();
  }

  /** How long the store keeps an entry: its ttl plus grace (`undefined`: forever). */
  #keepMs(entry: StoredEntry, ttlOverride: number | undefined): number | undefined {
    return entryTimes(entry.storedAt, ttlOverride ?? this.cache.ttl, this.cache.grace).ttlMs;
  }

  #evicted(key: string, entry: StoredEntry, reason: EvictionReason): void {
    // A streamed value must not stay behind with a chunk or its header gone: drop the rest of it.
    if (this.cache.streaming) void dropEvicted(this.partition, key, entry).catch((error: unknown) => this.reportError(key, error, "evict"));
    this.#recorder.record("evict", key, { reason });
    this.#cleanups.run(key);
  }
}
