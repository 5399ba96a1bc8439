import type { Source } from "../contracts/source.js";
import type { Clock } from "../contracts/clock.js";
import type { CacheStore, EvictionReason, FillLease, KeyLock, StoredEntry, StorePartition } from "../contracts/store.js";
import { LoadTimeoutError, StoreError, ValueError, WriteOutcomeUnknownError } from "../errors.js";
import type { LocalLock } from "../locks/local-lock.js";
import type { CacheModel } from "../model/model.js";
import { valueTooLargeMessage } from "../messages/value.js";
import { ChunkedValueError, deleteChunked, dropEvicted, invalidateChunked, openChunked, putChunked, type ByteSource } from "../streaming/index.js";
import { prepareValue } from "../values/index.js";
import type { CacheRecorder } from "./cache-recorder.js";
import { entryTimes } from "./entry-times.js";
import { raceSoftTimeout, SOFT_TIMEOUT, withHardTimeout } from "./load-timeouts.js";
import { SessionCleanups } from "./session-cleanups.js";
import { FillTickets, type FillTicket } from "./fill-tickets.js";
import { SingleFlight } from "./single-flight.js";
import { sleep } from "../time/sleep.js";
import type { SetOptions, WriteOp, WriteOutcome } from "./write-op.js";

/** Where a layer loads a cache's values from on a miss: the public `Source` with the value's type erased. */
export type CacheSource = Source<unknown>;

/** One read as the owner saw it: what `getWithMeta` and a route's `read` return. */
export interface EngineRead {
  readonly value: unknown;
  readonly hit: boolean;
  readonly stale: boolean;
  readonly storedAt: number | undefined;
  readonly expiresAt: number | undefined;
}

/** What a layer lends each of its caches. */
export interface EngineContext {
  readonly layer: string;
  readonly store: CacheStore;
  readonly clock: Clock;
  readonly recorder: CacheRecorder;
  readonly locks: LocalLock;
  readonly source: CacheSource | undefined;
}

const NOTHING: EngineRead = Object.freeze({ value: undefined, hit: false, stale: false, storedAt: undefined, expiresAt: undefined });
// Shared event details: the hit path allocates nothing for its event unless someone listens.
const FRESH = Object.freeze({ stale: false });
const STALE = Object.freeze({ stale: true });
const DEFAULT_LOCK_MS = 10_000;
/** How many update ids an entry keeps: enough for any retry loop a caller runs after an unknown outcome. */
const MAX_OPS = 16;
/** After a refresh of a graced key failed, serve the graced value this long before asking the source again (bentocache's graceBackoff). */
export const GRACE_BACKOFF_MS = 10_000;

/**
 * The store side of one cache on its primary layer: its partition, loads (single-flight, store lock,
 * timeouts, grace), the store half of each write, drops and session cleanups. It counts and reports
 * through the cache's `CacheRecorder`. It knows nothing of borrowing or cascades: `CacheOwner` wraps
 * it in the write transaction.
 *
 * @example
 * import { modelOf } from "../model/model-of.js";
 * declare const context: EngineContext; // the layer's store, clock, recorder and locks, and the cache's source
 * const engine = new CacheEngine(modelOf(app).caches.get("user_data")!, context);
 * await engine.apply("user:1", { kind: "set", value: { name: "Ada" } });
 * await engine.get("user:1") //=> { name: "Ada" }
 */
export class CacheEngine {
  readonly cache: CacheModel;
  readonly partition: StorePartition;
  readonly #layer: string;
  readonly #store: CacheStore;
  readonly #clock: Clock;
  readonly #recorder: CacheRecorder;
  readonly #locks: LocalLock;
  readonly #source: CacheSource | undefined;
  /** `source.load` called as a method, so a source that is a class instance keeps its `this`; made once, not per miss. */
  readonly #loadFromSource: ((key: string) => unknown) | undefined;
  readonly #flight = new SingleFlight<string, EngineRead>();
  /** The loads in flight: a write, drop or bus message supersedes them so their values are not stored. */
  readonly #tickets = new FillTickets();
  /** When the last refresh of a graced key failed: a source that is down is not asked again on every read. */
  readonly #refreshFailedAt = new Map<string, number>();
  readonly #cleanups: SessionCleanups;
  readonly #backfill: boolean;
  readonly #lockMs: number;

  constructor(cache: CacheModel, context: EngineContext) {
    this.cache = cache;
    this.#layer = context.layer;
    this.#store = context.store;
    this.#clock = context.clock;
    this.#recorder = context.recorder;
    this.#locks = context.locks;
    this.#source = context.source;
    const source = context.source;
    this.#loadFromSource = source === undefined ? undefined : (key) => source.load(key);
    this.#backfill = cache.warm?.backfill ?? true;
    this.#lockMs = cache.hardTimeout ?? DEFAULT_LOCK_MS;
    this.#cleanups = new SessionCleanups(
      context.clock,
      (key) => void this.#quietDelete(key),
      (key, error) => this.reportError(key, error, "cleanup"),
    );
    this.partition = context.store.partition(cache.name, {
      maxSize: cache.maxSize,
      binary: cache.streaming,
      layer: context.layer,
      onEvict: (key, entry, reason) => this.#evicted(key, entry, reason),
    });
  }

  // ── reads ──────────────────────────────────────────────────────────────

  /** The value of `key`: a fresh stored value, else a load (or a graced value if the load fails or is slow). */
  async get(key: string): Promise<unknown> {
    // Hot path: a synchronous memory hit costs this async function's promise and nothing else.
    let entry: StoredEntry | undefined | Promise<StoredEntry | undefined>;
    try {
      entry = this.partition.get(key);
      if (entry instanceof Promise) entry = await entry;
    } catch (cause) {
      entry = this.#unreadable(key, cause, this.#source !== undefined);
    }
    if (entry !== undefined && (entry.expiresAt === undefined || entry.expiresAt > this.#clock.now())) {
      this.#recorder.record("hit", key, FRESH);
      return entry.value;
    }
    return (await this.#miss(key, entry, this.#loadFromSource, undefined)).value;
  }

  /** Like `get`, with what a cache-status header needs to know. */
  async read(key: string): Promise<EngineRead> {
    const entry = await this.#stored(key, this.#source !== undefined);
    if (entry !== undefined && this.#isFresh(entry)) {
      this.#recorder.record("hit", key, FRESH);
      return { value: entry.value, hit: true, stale: false, storedAt: entry.storedAt, expiresAt: entry.expiresAt };
    }
    return this.#miss(key, entry, this.#loadFromSource, undefined);
  }

  /** Whether a fresh value of `key` is stored here (never loads). */
  async has(key: string): Promise<boolean> {
    const entry = await this.#stored(key);
    return entry !== undefined && this.#isFresh(entry);
  }

  /** The values of `keys`, in order: one store round trip, then a (single-flight) load per miss. */
  async getMany(keys: readonly string[]): Promise<unknown[]> {
    let entries: (StoredEntry | undefined)[];
    try {
      entries = await this.partition.getMany(keys);
    } catch (cause) {
      entries = keys.map(() => this.#unreadable(keys[0] ?? "", cause, this.#source !== undefined));
    }
    return Promise.all(
      keys.map(async (key, index) => {
        const entry = entries[index];
        if (entry !== undefined && this.#isFresh(entry)) {
          this.#recorder.record("hit", key, FRESH);
          return entry.value;
        }
        return (await this.#miss(key, entry, this.#loadFromSource, undefined)).value;
      }),
    );
  }

  /** The stored value, or `factory()`'s, stored (single-flight: concurrent misses run the factory once). */
  async getOrSet(key: string, factory: () => unknown, options: SetOptions | undefined): Promise<unknown> {
    // The same hot path as `get`: a synchronous hit costs this function's promise only.
    let entry: StoredEntry | undefined | Promise<StoredEntry | undefined>;
    try {
      entry = this.partition.get(key);
      if (entry instanceof Promise) entry = await entry;
    } catch (cause) {
      entry = this.#unreadable(key, cause, true); // the factory is the source
    }
    if (entry !== undefined && (entry.expiresAt === undefined || entry.expiresAt > this.#clock.now())) {
      this.#recorder.record("hit", key, FRESH);
      return entry.value;
    }
    return (await this.#miss(key, entry, async () => factory(), options)).value;
  }

  /** Yields a streaming value chunk by chunk; on a miss loads it once from the source (single-flight) and stores it chunked. */
  async *stream(key: string): AsyncGenerator<Uint8Array, void, undefined> {
    let value = await openChunked(this.partition, key);
    const source = this.#source;
    if (value === undefined && source) {
      this.#recorder.record("miss", key);
      await this.#flight.run(key, async () => {
        const ticket = this.#tickets.open(key);
        try {
          const loaded = await source.load(key);
          this.#recorder.record("load", key, { found: loaded !== undefined });
          // Superseded: a write of this key came after the load started; what it wrote stays.
          if (loaded !== undefined && !ticket.superseded) await this.#putChunks(key, toByteSource(loaded), undefined);
          return NOTHING;
        } finally {
          this.#tickets.close(ticket);
        }
      });
      value = await openChunked(this.partition, key);
    } else if (value !== undefined) {
      this.#recorder.record("hit", key, FRESH);
    }
    if (value === undefined) throw new ChunkedValueError("missing", key);
    yield* value;
  }

  // ── the store half of writes ───────────────────────────────────────────

  /**
   * Applies one write to the store; a failed store call keeps the old value and rejects with a
   * `StoreError`. Loads of `key` in flight are superseded first, synchronously, before anything else
   * can run: none of them stores its value after this write.
   */
  async apply(key: string, op: WriteOp): Promise<WriteOutcome> {
    this.supersede(key, false);
    switch (op.kind) {
      case "set":
        return { event: "set", result: await this.#set(key, op.value, op.options) };
      case "delete":
        return { event: "delete", result: await this.#remove(key, "delete") };
      case "update":
        return this.#update(key, op.fn, op.id ?? globalThis.crypto.randomUUID());
      case "stream":
        await this.#putChunks(key, op.source, op.ttl);
        return { event: "set", result: undefined };
    }
  }

  /** A ticket for a load that will fill `key` (a warm-up prefetch): take it before asking the source. */
  openFill(key: string): FillTicket {
    return this.#tickets.open(key);
  }

  /**
   * Stores a value no write asked for (a warm-up prefetch), validated, copied and frozen like a `set` —
   * unless a write superseded its ticket since the load started. Resolves whether it was stored.
   */
  async fill(key: string, value: unknown, ticket: FillTicket): Promise<boolean> {
    try {
      if (ticket.superseded) return false;
      await this.#set(key, value, undefined);
      return true;
    } finally {
      this.#tickets.close(ticket);
    }
  }

  /** Gives up a fill ticket whose load found nothing or failed. */
  closeFill(ticket: FillTicket): void {
    this.#tickets.close(ticket);
  }

  /**
   * Supersedes the loads in flight of `target` (a key, or every key matching a pattern): they will not
   * store what they loaded, and readers who come later start a load of their own instead of joining them.
   */
  supersede(target: string, isPattern: boolean): void {
    if (this.#tickets.size === 0) return;
    if (!isPattern) {
      if (this.#tickets.supersede(target)) this.#flight.forget(target);
      return;
    }
    for (const key of this.#tickets.supersedeMatching(target)) this.#flight.forget(key);
  }

  /** Supersedes every load in flight: the layer may have missed changes (a bus reconnect). */
  supersedeAll(): void {
    for (const key of this.#tickets.supersedeAll()) this.#flight.forget(key);
  }

  /** Drops `key`, or every key of this cache matching a pattern. Returns how many. */
  async drop(target: string, isPattern: boolean): Promise<number> {
    this.supersede(target, isPattern);
    if (!isPattern) {
      await this.#remove(target, "invalidate");
      return 1;
    }
    if (this.cache.streaming) {
      return invalidateChunked(this.partition, target).catch((cause: unknown) => {
        throw this.#storeError(target, "invalidate", cause);
      });
    }
    const keys: string[] = [];
    try {
      for await (const key of this.partition.keys(target)) keys.push(key);
    } catch (cause) {
      throw this.#storeError(target, "keys", cause);
    }
    await Promise.all(keys.map((key) => this.#remove(key, "invalidate")));
    return keys.length;
  }

  /**
   * Forgets this process's copy of a target another process of the layer changed (a bus message):
   * a store with a shared tier keeps that tier (`forgetLocal`); a process-local store deletes.
   */
  async forget(target: string, isPattern: boolean): Promise<void> {
    this.supersede(target, isPattern);
    const partition = this.partition;
    if (partition.forgetLocal === undefined) {
      await this.drop(target, isPattern);
      return;
    }
    if (isPattern) partition.forgetLocalPattern?.(target);
    else partition.forgetLocal(target);
  }

  /** Drops this process's own copy of `key` (a tiered store's memory tier), leaving a shared store alone. */
  forgetLocal(key: string): void {
    this.supersede(key, false);
    this.partition.forgetLocal?.(key);
  }

  /** Stops timers (session expiry); entries stay in the store. */
  close(): void {
    this.#cleanups.stop();
  }

  /** Bytes this cache holds, where the store can tell. */
  bytes(): number {
    return this.partition.bytes?.() ?? 0;
  }

  /** Reports a failure that reaches no caller (a background refresh, a cleanup, a cascade) as an `error` event. */
  reportError(key: string, error: unknown, operation: string): void {
    this.#recorder.record("error", key, { error, operation });
  }

  // ── the miss path ──────────────────────────────────────────────────────

  async #miss(key: string, entry: StoredEntry | undefined, loader: ((key: string) => unknown) | undefined, options: SetOptions | undefined): Promise<EngineRead> {
    const graced = entry !== undefined && entry.staleUntil !== undefined && entry.staleUntil > this.#clock.now() ? entry : undefined;
    this.#recorder.record("miss", key);
    if (!loader) return NOTHING;
    if (graced && this.#backingOff(key)) return this.#stale(key, graced);
    const loading = this.#flight.run(key, () => this.#load(key, loader, options));
    if (!graced) return loading;
    // A graced value exists: serve it if the load fails or passes the soft timeout.
    try {
      const outcome = this.cache.timeout === undefined ? await loading : await raceSoftTimeout(loading, this.cache.timeout, this.#clock);
      if (outcome === NOTHING) void this.#quietDelete(key); // the source no longer has it: drop the stale copy
      if (outcome !== SOFT_TIMEOUT) return outcome;
      loading.catch((error: unknown) => this.#refreshFailed(key, error));
    } catch (error) {
      this.#refreshFailed(key, error);
    }
    return this.#stale(key, graced);
  }

  #stale(key: string, graced: StoredEntry): EngineRead {
    this.#recorder.record("hit", key, STALE);
    return { value: graced.value, hit: true, stale: true, storedAt: graced.storedAt, expiresAt: graced.expiresAt };
  }

  #backingOff(key: string): boolean {
    if (this.#refreshFailedAt.size === 0) return false;
    const failedAt = this.#refreshFailedAt.get(key);
    return failedAt !== undefined && this.#clock.now() - failedAt < GRACE_BACKOFF_MS;
  }

  #refreshFailed(key: string, error: unknown): void {
    this.#refreshFailedAt.set(key, this.#clock.now());
    this.reportError(key, error, "load");
  }

  /**
   * One load for `key` (the single flight's body). On a store shared between processes, first a lease
   * (or, on a store without leases, its lock): one process loads, the others wait for its fill. Then
   * the load, and the fill — unless a write superseded it meanwhile (here: the ticket; in another
   * process: the lease, checked by the store), in which case the reader gets the value, unstored.
   */
  async #load(key: string, loader: (key: string) => unknown, options: SetOptions | undefined): Promise<EngineRead> {
    const ticket = this.#tickets.open(key);
    let lock: KeyLock | undefined;
    let token: string | undefined;
    try {
      if (this.partition.lease !== undefined) {
        const leased = await this.#leaseOrWait(key);
        if (leased !== undefined && "entry" in leased) return leased.entry;
        token = leased?.token;
      } else if (this.#store.lock !== undefined) {
        // A lock that cannot be taken (Redis slow or away) must not fail the read: load anyway, and say so.
        lock = await this.#lock(`load:${this.cache.name}:${key}`).catch((error: unknown) => void this.reportError(key, error, "lock"));
        // Another process may have loaded it while this one waited for the lock (unreadable: load anyway).
        const entry = await this.#stored(key, true);
        if (entry !== undefined && this.#isFresh(entry)) return readOf(entry, true);
      }
      const hardTimeout = this.cache.hardTimeout;
      const started = Promise.resolve().then(() => loader(key));
      const value = hardTimeout === undefined
        ? await started
        : await withHardTimeout(started, hardTimeout, this.#clock, () => new LoadTimeoutError(key, this.cache.name, this.#layer, hardTimeout));
      this.#recorder.record("load", key, { found: value !== undefined });
      if (this.#refreshFailedAt.size > 0) this.#refreshFailedAt.delete(key);
      if (value === undefined) return NOTHING;
      if (!this.#backfill) return { value, hit: false, stale: false, storedAt: undefined, expiresAt: undefined };
      const entry = this.#entryFor(key, value, options?.ttl);
      const unstored: EngineRead = { value: entry.value, hit: false, stale: false, storedAt: undefined, expiresAt: undefined };
      // The value was right when the load started; a write since then stays, and this value is only answered.
      if (ticket.superseded) return unstored;
      // A failed backfill still answers the reader; the error event reports it.
      const stored = await this.#fill(key, entry, options?.ttl, token).catch(() => false);
      if (!stored) return unstored;
      if (options?.cleanup) this.#cleanups.register(key, options.cleanup, entry.staleUntil ?? entry.expiresAt);
      return readOf(entry, false);
    } finally {
      this.#tickets.close(ticket);
      await lock?.release();
    }
  }

  /**
   * Takes the lease of `key` in a shared store, or waits while another process holds it: its fill
   * answers this read too (cross-process single-flight). Resolves a fresh entry found meanwhile, or
   * this process's token (with the entry it replaces, if any), or nothing when the store cannot be
   * asked (then the load goes on without a lease and its fill is a plain write, as without a store lease).
   */
  async #leaseOrWait(key: string): Promise<{ readonly entry: EngineRead } | { readonly token: string } | undefined> {
    const deadline = this.#clock.now() + this.#lockMs;
    for (let wait = 5; ; wait = Math.min(100, wait * 2)) {
      let lease: FillLease;
      try {
        lease = await this.partition.lease!(key, this.#lockMs);
      } catch (error) {
        this.reportError(key, error, "lease");
        return undefined;
      }
      if ("granted" in lease) {
        // A fresh value is there (another process filled it meanwhile): it answers this read.
        if (lease.entry !== undefined && this.#isFresh(lease.entry)) return { entry: readOf(lease.entry, true) };
        return { token: lease.granted };
      }
      // Another process is loading it: its fill is this read's answer, unless it takes past the lease.
      if (this.#clock.now() + wait > deadline) return undefined;
      await sleep(this.#clock, wait);
    }
  }

  /** Stores a loaded value: through the store's lease when one was taken, else as a plain write. */
  async #fill(key: string, entry: StoredEntry, ttlOverride: number | undefined, token: string | undefined): Promise<boolean> {
    if (token === undefined || this.partition.fill === undefined) {
      await this.#write(key, entry, ttlOverride);
      return true;
    }
    const { ttlMs } = entryTimes(entry.storedAt, ttlOverride ?? this.cache.ttl, this.cache.grace);
    try {
      return await this.partition.fill(key, entry, ttlMs, token);
    } catch (cause) {
      throw this.#storeError(key, "fill", cause);
    }
  }

  // ── store operations ───────────────────────────────────────────────────

  /** Validates, copies and freezes `value`, then stores it (with the ids of the updates that wrote it). Returns the stored (frozen) value. */
  async #set(key: string, value: unknown, options: SetOptions | undefined, ops?: readonly string[]): Promise<unknown> {
    const prepared = this.#entryFor(key, value, options?.ttl);
    const entry = ops === undefined ? prepared : { ...prepared, ops };
    await this.#write(key, entry, options?.ttl);
    if (options?.cleanup) this.#cleanups.register(key, options.cleanup, entry.staleUntil ?? entry.expiresAt);
    else this.#cleanups.run(key); // the replaced entry is gone
    return entry.value;
  }

  /**
   * Read-modify-write of `key` under a lock on it (the store's shared lock, else this process's):
   * `fn` gets the current value (stored, else loaded, else undefined) and returns the next one;
   * `undefined` deletes the key. A throwing `fn` leaves the old value.
   *
   * G3: the stored value carries the ids of the latest updates that wrote it. An update whose id is
   * already there was applied by an earlier attempt (a retry after an unknown outcome) and is not
   * applied again; an update whose write comes back with an unknown outcome reads the key back to
   * learn it, and only if it cannot tell does the caller get the `WriteOutcomeUnknownError`, with the
   * id to retry with.
   */
  async #update(key: string, fn: (current: unknown) => unknown, id: string): Promise<WriteOutcome> {
    const lock = await this.#lock(`update:${this.cache.name}:${key}`);
    try {
      const entry = await this.#stored(key);
      if (entry?.ops?.includes(id)) return { event: "set", result: entry.value };
      let current: unknown;
      if (entry !== undefined && this.#isFresh(entry)) current = entry.value;
      else if (this.#source) current = await this.#source.load(key);
      const next = await fn(current);
      if (next === undefined) {
        await this.#remove(key, "delete");
        return { event: "delete", result: undefined };
      }
      const ops = [...(entry?.ops ?? []), id].slice(-MAX_OPS);
      try {
        return { event: "set", result: await this.#set(key, next, undefined, ops) };
      } catch (error) {
        if (!(error instanceof WriteOutcomeUnknownError)) throw error;
        return { event: "set", result: await this.#readBack(key, id, error) };
      }
    } finally {
      await lock.release();
    }
  }

  /**
   * After an update's write came back with an unknown outcome: reads the key until it can tell whether
   * the write landed (its id is in the stored entry) — then the update succeeded — or did not (the old
   * entry is there: a store that refuses late writes, as Redis's guarded set does, will never apply it
   * now) — then it failed, with the store's error. Still unreadable: the caller gets the unknown outcome
   * with the id, so a retry with it cannot apply the update twice.
   */
  async #readBack(key: string, id: string, unknown: WriteOutcomeUnknownError): Promise<unknown> {
    for (let attempt = 0; attempt < 3; attempt++) {
      let entry: StoredEntry | undefined;
      try {
        entry = await this.partition.get(key);
      } catch {
        await sleep(this.#clock, 50 * (attempt + 1));
        continue;
      }
      if (entry?.ops?.includes(id)) return entry.value;
      throw new StoreError({ layer: unknown.layer, store: unknown.store, cache: unknown.cache, key, operation: unknown.operation, cause: unknown.cause });
    }
    throw new WriteOutcomeUnknownError({ layer: unknown.layer, store: unknown.store, cache: unknown.cache, key, operation: unknown.operation, cause: unknown.cause, operationId: id });
  }

  async #putChunks(key: string, source: ByteSource, ttlOverride: number | undefined): Promise<void> {
    const { expiresAt, staleUntil, ttlMs } = entryTimes(this.#clock.now(), ttlOverride ?? this.cache.ttl, this.cache.grace);
    const chunkSize = this.cache.chunkSize ?? 1024 * 1024;
    // A value past the cache's maxSize is refused whole (the store would otherwise evict its own first chunks).
    const maxBytes = this.cache.maxSize;
    const tooLarge = (bytes: number) => new ValueError(valueTooLargeMessage(key, this.cache.name, String(bytes), String(maxBytes)), key, this.cache.name, this.#layer);
    await putChunked(this.partition, key, source, { chunkSize, now: () => this.#clock.now(), ttlMs, expiresAt, staleUntil, maxBytes, tooLarge });
  }

  #entryFor(key: string, value: unknown, ttlOverride: number | undefined): StoredEntry {
    const prepared = prepareValue(value, { key, cache: this.cache.name, layer: this.#layer });
    const storedAt = this.#clock.now();
    const { expiresAt, staleUntil } = entryTimes(storedAt, ttlOverride ?? this.cache.ttl, this.cache.grace);
    return { value: prepared.value, storedAt, expiresAt, staleUntil };
  }

  async #write(key: string, entry: StoredEntry, ttlOverride: number | undefined): Promise<void> {
    const { ttlMs } = entryTimes(entry.storedAt, ttlOverride ?? this.cache.ttl, this.cache.grace);
    try {
      await this.partition.set(key, entry, ttlMs);
    } catch (cause) {
      throw this.#storeError(key, "set", cause);
    }
  }

  async #remove(key: string, operation: string): Promise<boolean> {
    let removed: boolean;
    try {
      removed = this.cache.streaming ? await deleteChunked(this.partition, key) : await this.partition.delete(key);
    } catch (cause) {
      throw this.#storeError(key, operation, cause);
    }
    if (this.#cleanups.has(key)) this.#cleanups.run(key);
    if (this.#refreshFailedAt.size > 0) this.#refreshFailedAt.delete(key);
    return removed;
  }

  /** Deletes without counting or throwing: a session entry reaching its end. */
  async #quietDelete(key: string): Promise<void> {
    try {
      await this.partition.delete(key);
    } catch (error) {
      this.reportError(key, error, "expire");
    }
  }

  /** The stored entry; a store that cannot be read is a `StoreError`, or — when `canLoad` — a miss (see `#unreadable`). */
  async #stored(key: string, canLoad = false): Promise<StoredEntry | undefined> {
    try {
      return await this.partition.get(key);
    } catch (cause) {
      return this.#unreadable(key, cause, canLoad);
    }
  }

  /**
   * A store read failed (Redis away, a corrupt entry): with a source to load from, the read degrades to
   * the source — reported as an `error` event, never a hang or a failed read; without one there is
   * nothing to answer with, so it is a `StoreError`.
   */
  #unreadable(key: string, cause: unknown, canLoad: boolean): undefined {
    const error = this.#storeError(key, "get", cause);
    if (!canLoad) throw error;
    return undefined;
  }

  #isFresh(entry: StoredEntry): boolean {
    return entry.expiresAt === undefined || entry.expiresAt > this.#clock.now();
  }

  #lock(name: string): Promise<KeyLock> {
    return this.#store.lock ? this.#store.lock(name, { ttlMs: this.#lockMs, waitMs: this.#lockMs }) : this.#locks.acquire(name);
  }

  #evicted(key: string, entry: StoredEntry, reason: EvictionReason): void {
    // A streamed value must not stay behind with a chunk or its header gone: drop the rest of it.
    if (this.cache.streaming) void dropEvicted(this.partition, key, entry).catch((error: unknown) => this.reportError(key, error, "evict"));
    this.#recorder.record("evict", key, { reason });
    this.#cleanups.run(key);
  }

  /** The error to throw for a store failure: the store's own `StoreError` or `ValueError` as it is (no double wrapping), else a new `StoreError`. */
  #storeError(key: string, operation: string, cause: unknown): Error {
    const error = cause instanceof StoreError || cause instanceof ValueError
      ? cause
      : new StoreError({ layer: this.#layer, store: this.#store.kind, key, cache: this.cache.name, operation, cause });
    this.reportError(key, error, operation);
    return error;
  }
}

/** A stored entry as a read answers it. */
function readOf(entry: StoredEntry, hit: boolean): EngineRead {
  return { value: entry.value, hit, stale: false, storedAt: entry.storedAt, expiresAt: entry.expiresAt };
}

/** A loaded streaming value as bytes to chunk: a byte array, an async iterable or a web stream. */
function toByteSource(loaded: unknown): ByteSource {
  if (loaded instanceof Uint8Array) {
    return (async function* () {
      yield loaded;
    })();
  }
  return loaded as ByteSource;
}
