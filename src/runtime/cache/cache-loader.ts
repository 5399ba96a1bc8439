import type { Clock } from "../contracts/clock.js";
import type { FillLease, KeyLock, StoredEntry } from "../contracts/store.js";
import { LoadTimeoutError } from "../errors.js";
import type { CacheModel } from "../model/model.js";
import type { ByteSource } from "../streaming/index.js";
import { sleep } from "../time/sleep.js";
import type { CacheRecorder } from "./cache-recorder.js";
import type { EntryStore } from "./entry-store.js";
import { NOTHING, readOf, unstored, type EngineRead } from "./engine-read.js";
import { FillTickets, type FillTicket } from "./fill-tickets.js";
import { raceSoftTimeout, SOFT_TIMEOUT, withHardTimeout } from "./load-timeouts.js";
import { SingleFlight } from "./single-flight.js";
import type { SetOptions } from "./write-op.js";

/** `#leaseOrWait`: the shared store could not be asked for the lease. */
const UNASKED: unique symbol = Symbol("unasked");

/** After a refresh of a graced key failed, serve the graced value this long before asking the source again (bentocache's graceBackoff). */
export const GRACE_BACKOFF_MS = 10_000;

// Shared event details: a stale hit allocates nothing for its event unless someone listens.
const STALE = Object.freeze({ stale: true });

/** What a cache's loader needs from its owner. */
export interface CacheLoaderContext {
  readonly storage: EntryStore;
  readonly clock: Clock;
  readonly recorder: CacheRecorder;
}

/**
 * The miss path of one cache: concurrent misses for a key share one load (single flight, across
 * processes too through the store's lease or lock), the load is bounded by `timeout` and `hardTimeout`,
 * a graced value answers while the source fails or is slow, and what is loaded is stored (a fill) —
 * unless a write overtook the load (its fill ticket, here; the lease, in a shared store), so that no fill
 * outlives a later write. The reader gets its value either way.
 *
 * @example
 * declare const loader: CacheLoader; // one cache's, made by its engine
 * const read = await loader.miss("user:1", undefined, (key) => db.load(key), undefined);
 * read.value //=> what db.load answered (loaded once for concurrent misses, stored)
 */
export class CacheLoader {
  readonly #cache: CacheModel;
  readonly #storage: EntryStore;
  readonly #clock: Clock;
  readonly #recorder: CacheRecorder;
  readonly #flight = new SingleFlight<string, EngineRead>();
  /** The loads in flight: a write, drop or bus message supersedes them so their values are not stored. */
  readonly #tickets = new FillTickets();
  /** When the last refresh of a graced key failed: a source that is down is not asked again on every read. */
  readonly #refreshFailedAt = new Map<string, number>();
  readonly #backfill: boolean;

  constructor(cache: CacheModel, context: CacheLoaderContext) {
    this.#cache = cache;
    this.#storage = context.storage;
    this.#clock = context.clock;
    this.#recorder = context.recorder;
    this.#backfill = cache.warm?.backfill ?? true;
  }

  /**
   * A miss of `key` (`entry`: what the store holds, expired, if anything): a load through `loader`,
   * shared by concurrent misses — or the graced entry, when the load fails, passes `timeout`, or the
   * source failed a moment ago.
   */
  async miss(
    key: string,
    entry: StoredEntry | undefined,
    loader: ((key: string) => unknown) | undefined,
    options: SetOptions | undefined,
  ): Promise<EngineRead> {
    const graced = entry !== undefined && entry.staleUntil !== undefined && entry.staleUntil > this.#clock.now() ? entry : undefined;
    this.#recorder.record("miss", key);
    // Soft-invalidated (`mode: "expire"`): stale-while-revalidate — answered now, refreshed once behind it.
    if (graced?.expired === true) {
      if (loader && !this.#backingOff(key)) this.#refreshBehind(key, loader, options);
      return this.#stale(key, graced);
    }
    if (!loader) return NOTHING;
    if (graced && this.#backingOff(key)) return this.#stale(key, graced);
    const loading = this.#flight.run(key, () => this.#load(key, loader, options));
    if (!graced) return loading;
    // A graced value exists: serve it if the load fails or passes the soft timeout.
    try {
      const outcome = this.#cache.timeout === undefined ? await loading : await raceSoftTimeout(loading, this.#cache.timeout, this.#clock);
      if (outcome === NOTHING) void this.#storage.quietDelete(key); // the source no longer has it: drop the stale copy
      if (outcome !== SOFT_TIMEOUT) return outcome;
      loading.catch((error: unknown) => this.#refreshFailed(key, error));
    } catch (error) {
      this.#refreshFailed(key, error);
    }
    return this.#stale(key, graced);
  }

  /** The miss of a streaming value: one load for concurrent streams, stored chunked unless a write overtook it. */
  async loadStream(key: string, load: (key: string) => unknown, toBytes: (loaded: unknown) => ByteSource): Promise<void> {
    this.#recorder.record("miss", key);
    await this.#flight.run(key, async () => {
      const ticket = this.#tickets.open(key);
      try {
        const loaded = await load(key);
        this.#recorder.record("load", key, { found: loaded !== undefined });
        // Superseded: a write of this key came after the load started; what it wrote stays.
        if (loaded !== undefined && !ticket.superseded) await this.#storage.putChunks(key, toBytes(loaded), undefined);
        return NOTHING;
      } finally {
        this.#tickets.close(ticket);
      }
    });
  }

  // ── fills that are not reads (warm-up) ─────────────────────────────────

  /** A ticket for a load that will fill `key` (a warm-up prefetch): take it before asking the source. */
  openFill(key: string): FillTicket {
    return this.#tickets.open(key);
  }

  /** A probe ticket for an expire that rewrites `key` (see `FillTicket.probe`): superseded by a write's store call, not by other expires. */
  openProbe(key: string): FillTicket {
    return this.#tickets.open(key, true);
  }

  /** Gives up a fill ticket whose load found nothing or failed. */
  closeFill(ticket: FillTicket): void {
    this.#tickets.close(ticket);
  }

  /** Stores a prefetched value unless a write superseded its ticket since the load started; resolves whether it was stored. */
  async fill(key: string, value: unknown, ticket: FillTicket): Promise<boolean> {
    try {
      if (ticket.superseded) return false;
      await this.#storage.set(key, value, undefined);
      return true;
    } finally {
      this.#tickets.close(ticket);
    }
  }

  // ── what writes tell the loader ────────────────────────────────────────

  /**
   * Supersedes the loads in flight of `target` (a key, or every key matching a pattern): they will not
   * store what they loaded, and readers who come later start a load of their own instead of joining them.
   * `loadsOnly`: expires' probes stay (see `FillTicket.probe`).
   */
  supersede(target: string, isPattern: boolean, loadsOnly = false): void {
    if (this.#tickets.size === 0) return;
    if (!isPattern) {
      if (this.#tickets.supersede(target, loadsOnly)) this.#flight.forget(target);
      return;
    }
    for (const key of this.#tickets.supersedeMatching(target, loadsOnly)) this.#flight.forget(key);
  }

  /** Supersedes every load in flight: the layer may have missed changes (a bus reconnect). */
  supersedeAll(): void {
    for (const key of this.#tickets.supersedeAll()) this.#flight.forget(key);
  }

  /** A removed key starts afresh: a failed refresh of its old value no longer holds its source back. */
  forgetFailure(key: string): void {
    if (this.#refreshFailedAt.size > 0) this.#refreshFailedAt.delete(key);
  }

  // ── the load ───────────────────────────────────────────────────────────

  /**
   * One load for `key` (the single flight's body). On a store shared between processes, first a lease
   * (or, on a store without leases, its lock): one process loads, the others wait for its fill. Then
   * the load, and the fill — unless a write superseded it meanwhile (here: the ticket; in another
   * process: the lease, checked by the store), in which case the reader gets the value, unstored.
   */
  async #load(key: string, loader: (key: string) => unknown, options: SetOptions | undefined): Promise<EngineRead> {
    const storage = this.#storage;
    const ticket = this.#tickets.open(key);
    let lock: KeyLock | undefined;
    let token: string | undefined;
    let filled = false;
    // The shared store could not be asked for the lease (down, or its answer lost in a crash): a fill would
    // be a plain write that another process's write made meanwhile cannot refuse (G1), so the reader gets
    // the value, unstored.
    let unguarded = false;
    try {
      if (storage.partition.lease !== undefined) {
        const leased = await this.#leaseOrWait(key);
        if (leased === UNASKED) unguarded = true;
        else if (leased !== undefined && "entry" in leased) return leased.entry;
        else token = leased?.token;
      } else if (storage.sharesLocks) {
        // A lock that cannot be taken (Redis slow or away) must not fail the read: load anyway, and say so.
        lock = await storage.lock(`load:${this.#cache.name}:${key}`).catch((error: unknown) => void storage.reportError(key, error, "lock"));
        // Another process may have loaded it while this one waited for the lock (unreadable: load anyway).
        const entry = await storage.stored(key, true);
        if (entry !== undefined && storage.isFresh(entry)) return readOf(entry, true);
      }
      const hardTimeout = this.#cache.hardTimeout;
      const probe = this.#recorder.probe;
      const load = () => Promise.resolve().then(() => loader(key));
      const started = probe === undefined ? load() : probe.trace("load", this.#recorder.site(key), load);
      const value =
        hardTimeout === undefined ?
          await started
        : await withHardTimeout(started, hardTimeout, this.#clock, () => new LoadTimeoutError(key, this.#cache.name, storage.layer, hardTimeout));
      this.#recorder.record("load", key, { found: value !== undefined });
      this.forgetFailure(key);
      if (value === undefined) return NOTHING;
      if (!this.#backfill || unguarded) return unstored(value);
      const entry = storage.entryFor(key, value, options?.ttl);
      // The value was right when the load started; a write since then stays, and this value is only answered.
      if (ticket.superseded) return unstored(entry.value);
      // A failed backfill still answers the reader; the error event reports it.
      const stored = await storage.fill(key, entry, options?.ttl, token).catch(() => false);
      filled = stored;
      if (!stored) return unstored(entry.value);
      if (options?.cleanup) storage.registerCleanup(key, options.cleanup, entry);
      return readOf(entry, false);
    } finally {
      this.#tickets.close(ticket);
      await lock?.release().catch((error: unknown) => storage.reportError(key, error, "unlock"));
      // A lease whose load stored nothing goes now: the other processes waiting on it load themselves.
      if (token !== undefined && !filled) await storage.release(key, token);
    }
  }

  /**
   * Takes the lease of `key` in a shared store, or waits while another process holds it: its fill
   * answers this read too (cross-process single-flight). Resolves a fresh entry found meanwhile, or
   * this process's token, `UNASKED` when the store cannot be asked (then the load goes on without a
   * lease and stores nothing), or nothing when another process's lease outlived the wait (then the fill
   * is a plain write).
   */
  async #leaseOrWait(key: string): Promise<{ readonly entry: EngineRead } | { readonly token: string } | typeof UNASKED | undefined> {
    const storage = this.#storage;
    const deadline = this.#clock.now() + storage.lockMs;
    for (let wait = 5; ; wait = Math.min(100, wait * 2)) {
      let lease: FillLease;
      try {
        lease = await storage.partition.lease!(key, storage.lockMs);
      } catch (error) {
        storage.reportError(key, error, "lease");
        return UNASKED;
      }
      if ("granted" in lease) {
        // A fresh value is there (another process filled it meanwhile): it answers this read.
        if (lease.entry !== undefined && storage.isFresh(lease.entry)) return { entry: readOf(lease.entry, true) };
        return { token: lease.granted };
      }
      // Another process is loading it: its fill is this read's answer, unless it takes past the lease.
      if (this.#clock.now() + wait > deadline) return undefined;
      await sleep(this.#clock, wait);
    }
  }

  /**
   * The one refresh of an expired entry: joins the load in flight if there is one (single flight), so
   * every read of the stale value during it starts nothing more. Its failure is reported and backs
   * the source off like a failed refresh of a graced value; the stale value stays until its grace ends.
   */
  #refreshBehind(key: string, loader: (key: string) => unknown, options: SetOptions | undefined): void {
    this.#flight.run(key, () => this.#load(key, loader, options)).catch((error: unknown) => this.#refreshFailed(key, error));
  }

  #stale(key: string, graced: StoredEntry): EngineRead {
    this.#recorder.record("hit", key, STALE);
    this.#recorder.probe?.staleServe(this.#recorder.site(key));
    return readOf(graced, true, true);
  }

  #backingOff(key: string): boolean {
    if (this.#refreshFailedAt.size === 0) return false;
    const failedAt = this.#refreshFailedAt.get(key);
    return failedAt !== undefined && this.#clock.now() - failedAt < GRACE_BACKOFF_MS;
  }

  #refreshFailed(key: string, error: unknown): void {
    this.#refreshFailedAt.set(key, this.#clock.now());
    this.#storage.reportError(key, error, "load");
  }
}
