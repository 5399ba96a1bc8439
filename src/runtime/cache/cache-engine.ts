import type { Clock } from "../contracts/clock.js";
import type { Source } from "../contracts/source.js";
import type { CacheStore, StoredEntry, StorePartition } from "../contracts/store.js";
import type { LocalLock } from "../locks/local-lock.js";
import type { CacheModel } from "../model/model.js";
import { ChunkedValueError, invalidateChunked, openChunked, type ByteSource } from "../streaming/index.js";
import { updateAtomically } from "./atomic-update.js";
import { CacheLoader } from "./cache-loader.js";
import type { CacheRecorder } from "./cache-recorder.js";
import { EntryStore } from "./entry-store.js";
import type { EngineRead } from "./engine-read.js";
import type { FillTicket } from "./fill-tickets.js";
import type { BatchWriteOp, SetOptions, WriteOp, WriteOutcome } from "./write-op.js";
import type { InvalidationMode } from "../contracts/invalidation-mode.js";

export type { EngineRead } from "./engine-read.js";
export { GRACE_BACKOFF_MS } from "./cache-loader.js";

/** Where a layer loads a cache's values from on a miss: the public `Source` with the value's type erased. */
export type CacheSource = Source<unknown>;

/** What a layer lends each of its caches. */
export interface EngineContext {
  readonly layer: string;
  readonly store: CacheStore;
  readonly clock: Clock;
  readonly recorder: CacheRecorder;
  readonly locks: LocalLock;
  readonly source: CacheSource | undefined;
}

// Shared event details: the hit path allocates nothing for its event unless someone listens.
const FRESH = Object.freeze({ stale: false });

/**
 * The store side of one cache on its primary layer: reads (a hit is one partition lookup), the store
 * half of each write, drops. Its storage (`EntryStore`: the partition, entries, store errors, session
 * cleanups) and its loader (`CacheLoader`: the miss path, single flight, fill tickets and leases) do
 * the work; it counts and reports through the cache's `CacheRecorder`. It knows nothing of borrowing
 * or cascades: `CacheOwner` wraps it in the write transaction.
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
  readonly #clock: Clock;
  readonly #recorder: CacheRecorder;
  readonly #source: CacheSource | undefined;
  /** The source's `load`, called as a method (a source may be a class instance that reads `this`); absent without a source. */
  readonly #loadFromSource: ((key: string) => unknown) | undefined;
  readonly #storage: EntryStore;
  readonly #loader: CacheLoader;

  constructor(cache: CacheModel, context: EngineContext) {
    this.cache = cache;
    this.#clock = context.clock;
    this.#recorder = context.recorder;
    const source = context.source;
    this.#source = source;
    this.#loadFromSource = source === undefined ? undefined : (key) => source.load(key);
    this.#storage = new EntryStore(cache, { ...context, onRemoved: (key) => this.#loader.forgetFailure(key) });
    this.#loader = new CacheLoader(cache, { storage: this.#storage, clock: context.clock, recorder: context.recorder });
    this.partition = this.#storage.partition;
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
      entry = this.#storage.unreadable(key, cause, this.#source !== undefined);
    }
    if (entry !== undefined && (entry.expiresAt === undefined || entry.expiresAt > this.#clock.now())) {
      this.#recorder.record("hit", key, FRESH);
      return entry.value;
    }
    return (await this.#loader.miss(key, entry, this.#loadFromSource, undefined)).value;
  }

  /** Like `get`, with what a cache-status header needs to know. */
  async read(key: string): Promise<EngineRead> {
    const entry = await this.#storage.stored(key, this.#source !== undefined);
    if (entry !== undefined && this.#storage.isFresh(entry)) {
      this.#recorder.record("hit", key, FRESH);
      return { value: entry.value, hit: true, stale: false, storedAt: entry.storedAt, expiresAt: entry.expiresAt };
    }
    return this.#loader.miss(key, entry, this.#loadFromSource, undefined);
  }

  /** Whether a fresh value of `key` is stored here (never loads). */
  async has(key: string): Promise<boolean> {
    const entry = await this.#storage.stored(key);
    return entry !== undefined && this.#storage.isFresh(entry);
  }

  /** The values of `keys`, in order: one store round trip, then a (single-flight) load per miss. */
  async getMany(keys: readonly string[]): Promise<unknown[]> {
    let entries: (StoredEntry | undefined)[];
    try {
      entries = await this.partition.getMany(keys);
    } catch (cause) {
      entries = keys.map(() => this.#storage.unreadable(keys[0] ?? "", cause, this.#source !== undefined));
    }
    return Promise.all(
      keys.map(async (key, index) => {
        const entry = entries[index];
        if (entry !== undefined && this.#storage.isFresh(entry)) {
          this.#recorder.record("hit", key, FRESH);
          return entry.value;
        }
        return (await this.#loader.miss(key, entry, this.#loadFromSource, undefined)).value;
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
      entry = this.#storage.unreadable(key, cause, true); // the factory is the source
    }
    if (entry !== undefined && (entry.expiresAt === undefined || entry.expiresAt > this.#clock.now())) {
      this.#recorder.record("hit", key, FRESH);
      return entry.value;
    }
    return (await this.#loader.miss(key, entry, async () => factory(), options)).value;
  }

  /** Yields a streaming value chunk by chunk; on a miss loads it once from the source (single-flight) and stores it chunked. */
  async *stream(key: string): AsyncGenerator<Uint8Array, void, undefined> {
    let value = await openChunked(this.partition, key);
    if (value === undefined && this.#loadFromSource) {
      await this.#loader.loadStream(key, this.#loadFromSource, toByteSource);
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
   * can run: none of them stores its value after this write. An update writes only after its lock and
   * its load: an expire's probe is superseded then (`beforeWrite`), not now — else that expire would
   * give up and resolve with the entry still fresh while the update waits.
   */
  async apply(key: string, op: WriteOp): Promise<WriteOutcome> {
    this.#loader.supersede(key, false, op.kind === "update");
    switch (op.kind) {
      case "set":
        return { event: "set", result: await this.#storage.set(key, op.value, op.options) };
      case "delete":
        return { event: "delete", result: await this.#storage.remove(key, "delete") };
      case "update":
        return updateAtomically(this.#storage, this.#source, this.#clock, key, op.fn, op.id ?? globalThis.crypto.randomUUID(), () =>
          this.#loader.supersede(key, false),
        );
      case "stream":
        await this.#storage.putChunks(key, op.source, op.ttl);
        return { event: "set", result: undefined };
    }
  }

  /**
   * Applies one batch (`setMany`, `deleteMany`) to the store, in one round trip where the store can:
   * the loads in flight of every key are superseded first, synchronously, as for `apply`. Resolves
   * one outcome per key, in order (`deleteMany`: each one's result is whether any key was stored).
   */
  async applyMany(op: BatchWriteOp): Promise<WriteOutcome[]> {
    const keys = op.kind === "setMany" ? op.entries.map((entry) => entry.key) : op.keys;
    for (const key of keys) this.#loader.supersede(key, false);
    if (op.kind === "setMany") {
      const stored = await this.#storage.setMany(op.entries, op.options);
      return stored.map((result) => ({ event: "set", result }));
    }
    const removed = await this.#storage.removeMany(op.keys, "delete");
    return op.keys.map(() => ({ event: "delete", result: removed }));
  }

  /** A ticket for a load that will fill `key` (a warm-up prefetch): take it before asking the source. */
  openFill(key: string): FillTicket {
    return this.#loader.openFill(key);
  }

  /** Stores a prefetched value unless a write superseded its ticket since the load started; resolves whether it was stored. */
  fill(key: string, value: unknown, ticket: FillTicket): Promise<boolean> {
    return this.#loader.fill(key, value, ticket);
  }

  /** Gives up a fill ticket whose load found nothing or failed. */
  closeFill(ticket: FillTicket): void {
    this.#loader.closeFill(ticket);
  }

  /** Supersedes every load in flight: the layer may have missed changes (a bus reconnect). */
  supersedeAll(): void {
    this.#loader.supersedeAll();
  }

  // ── invalidation arriving here ─────────────────────────────────────────

  /**
   * Drops `key`, or every key of this cache matching a pattern. Returns how many. With `mode: "expire"`
   * on a cache with `grace` (not streaming), marks them stale instead (see `expire`).
   */
  async drop(target: string, isPattern: boolean, mode?: InvalidationMode): Promise<number> {
    const grace = this.cache.grace;
    if (mode === "expire" && grace !== undefined && grace > 0 && !this.cache.streaming) return this.#expire(target, isPattern, grace);
    // A pattern's deletes begin once its keys are listed: expires' probes are superseded then, below.
    this.#loader.supersede(target, isPattern, isPattern);
    if (!isPattern) {
      await this.#storage.remove(target, "invalidate");
      return 1;
    }
    if (this.cache.streaming) {
      return invalidateChunked(this.partition, target).catch((cause: unknown) => {
        throw this.#storage.storeError(target, "invalidate", cause);
      });
    }
    const keys: string[] = [];
    try {
      for await (const key of this.partition.keys(target)) keys.push(key);
    } catch (cause) {
      throw this.#storage.storeError(target, "keys", cause);
    }
    // The deletes begin now: an expire of one of these keys that read its entry while they were listed
    // must not write it back, stale, over them (its probe ticket tells it).
    this.#loader.supersede(target, true);
    await Promise.all(keys.map((key) => this.#storage.remove(key, "invalidate")));
    return keys.length;
  }

  /**
   * Soft invalidation: loads in flight are superseded first (no fill that started before it stores
   * its value as fresh over it), then each entry is marked stale for `grace`. A write of the key that
   * begins meanwhile wins: its value is not marked (a probe ticket tells). Another expire is no such
   * write: it leaves this one's probe alone, or this one would give up and resolve with the entry
   * still fresh while the other has not marked it yet (see `FillTicket.probe`).
   */
  async #expire(target: string, isPattern: boolean, grace: number): Promise<number> {
    this.#loader.supersede(target, isPattern, true);
    const expireOne = async (key: string): Promise<boolean> => {
      const probe = this.#loader.openProbe(key);
      try {
        return await this.#storage.expire(key, grace, () => !probe.superseded);
      } finally {
        this.#loader.closeFill(probe);
        this.#loader.forgetFailure(key); // an explicit expire asks for a refresh now, not after a backoff
      }
    };
    if (!isPattern) return (await expireOne(target)) ? 1 : 0;
    const keys: string[] = [];
    try {
      for await (const key of this.partition.keys(target)) keys.push(key);
    } catch (cause) {
      throw this.#storage.storeError(target, "keys", cause);
    }
    const marked = await Promise.all(keys.map(expireOne));
    return marked.filter(Boolean).length;
  }

  /**
   * Forgets this process's copy of a target another process of the layer changed (a bus message):
   * a store with a shared tier keeps that tier (`forgetLocal`); a process-local store deletes.
   */
  async forget(target: string, isPattern: boolean, mode?: InvalidationMode): Promise<void> {
    this.#loader.supersede(target, isPattern);
    const partition = this.partition;
    if (partition.forgetLocal === undefined) {
      await this.drop(target, isPattern, mode);
      return;
    }
    if (isPattern) partition.forgetLocalPattern?.(target);
    else partition.forgetLocal(target);
  }

  /** Drops this process's own copy of `key` (a tiered store's memory tier), leaving a shared store alone. */
  forgetLocal(key: string): void {
    this.#loader.supersede(key, false);
    this.partition.forgetLocal?.(key);
  }

  // ── upkeep ─────────────────────────────────────────────────────────────

  /** Stops timers (session expiry); entries stay in the store. */
  close(): void {
    this.#storage.close();
  }

  /** Bytes this cache holds, where the store can tell. */
  bytes(): number {
    return this.#storage.bytes();
  }

  /** Reports a failure that reaches no caller (a background refresh, a cleanup, a cascade) as an `error` event. */
  reportError(key: string, error: unknown, operation: string): void {
    this.#storage.reportError(key, error, operation);
  }
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
