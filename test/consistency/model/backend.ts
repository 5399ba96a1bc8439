/**
 * Stores for the checker, built on the real `memoryStore`: a `Backend` is the one place entries live
 * (one process's memory, or a shared store like Redis), and each process reaches it through its own
 * `connection`, whose calls the scheduler applies one at a time in the order they were made (as a Redis
 * connection does) at moments it picks. A shared backend answers `forgetLocal` with nothing (another
 * process already changed the one copy) and, like the Redis store, writes a batch in one call
 * (`setMany`, `deleteMany`: one script) and can hold fill leases and expire a key atomically.
 */
import { memoryStore, type CacheStore, type ManualClock, type StoredEntry, type StorePartition } from "../../../src/index.node.js";
import { globMatches } from "./glob-matches.js";
import type { Scheduler } from "./scheduler.js";

/** What `StorePartition.lease` answers. */
type FillLease = Awaited<ReturnType<NonNullable<StorePartition["lease"]>>>;
/** One write of `StorePartition.setMany`. */
type StoredWrite = Parameters<NonNullable<StorePartition["setMany"]>>[0][number];

/**
 * How a shared backend carries out `expire` (soft invalidation). `atomic` is the store contract as G1
 * needs it: in one step, an entry is marked stale and a lease (another process's load in flight) is
 * ended, as a delete ends it, so that load's fill is refused. The others are broken on purpose:
 * - `keepsFresh`: marks the entry `expired` but leaves its `expiresAt`, so it still reads as fresh;
 * - `overstays`: marks it stale for 100 times the grace it is given;
 * - `readsThenReleases`: what `redisStore` did until it read again (redis-partition.ts `#expire`): reads
 *   the key in one step, then, if it held a lease, frees that lease by compare-and-delete in another,
 *   without reading again when the compare fails — a fill that lands between the two steps stays, fresh.
 */
export type ExpireFault = "atomic" | "keepsFresh" | "overstays" | "readsThenReleases";

/** How a backend behaves. */
export interface BackendOptions {
  /** Several processes share it: `forgetLocal` and `forgetLocalPattern` do nothing. */
  readonly shared: boolean;
  /** It has `lease`/`fill` (memcache leases in the key, as the store contract describes them for Redis). */
  readonly leases: boolean;
  /** A deliberately broken store for the checker's own test: `delete` answers without deleting. */
  readonly ignoresDeletes?: boolean | undefined;
  /** `keys` leaves out keys that hold only a lease (the store contract allows it: "keys may list it"). */
  readonly hidesLeases?: boolean | undefined;
  /** Broken on purpose: `setMany`/`deleteMany` write their last key without ending its lease (nor changing its fingerprint). */
  readonly batchKeepsLease?: boolean | undefined;
  /** How a backend with leases expires a key. @default "atomic" */
  readonly expire?: ExpireFault | undefined;
}

/** What a shared backend's key holds, for the two-step expire of `readsThenReleases`: its entry, its fingerprint, its lease. */
interface Snapshot {
  readonly entry: StoredEntry | undefined;
  readonly stamp: number;
  readonly lease: string | undefined;
}

/** One cache's entries in a backend, with its fill leases: every method is one atomic step. */
class BackendPartition {
  readonly #inner: StorePartition;
  readonly #clock: ManualClock;
  readonly #leases = new Map<string, { readonly token: string; readonly until: number }>();
  /** Bumped by every write of a key, so a token taken over an entry fingerprints that entry. */
  readonly #stamps = new Map<string, number>();
  #epoch = 0;
  #tokens = 0;

  readonly #hidesLeases: boolean;

  constructor(inner: StorePartition, clock: ManualClock, hidesLeases: boolean) {
    this.#inner = inner;
    this.#clock = clock;
    this.#hidesLeases = hidesLeases;
  }

  get(key: string): StoredEntry | undefined {
    return this.#inner.get(key) as StoredEntry | undefined;
  }

  set(key: string, entry: StoredEntry, ttlMs?: number): void {
    void this.#inner.set(key, entry, ttlMs);
    this.#touched(key);
  }

  delete(key: string, ignore: boolean): boolean {
    if (ignore) return false;
    const removed = this.#inner.delete(key) as boolean;
    this.#touched(key);
    return removed;
  }

  /** Keys holding an entry, and keys holding a lease (the lease is in the key itself, as on Redis). */
  async keys(pattern?: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const key of this.#inner.keys(pattern)) keys.push(key);
    if (this.#hidesLeases) return keys;
    for (const key of this.#leases.keys()) if (!keys.includes(key) && (pattern === undefined || globMatches(pattern, key))) keys.push(key);
    return keys;
  }

  async clear(): Promise<void> {
    await this.#inner.clear();
    this.#leases.clear();
    this.#stamps.clear();
    this.#epoch++;
  }

  lease(key: string, ttlMs: number): FillLease {
    const entry = this.get(key);
    if (entry !== undefined) return { granted: `s${this.#epoch}:${this.#stamps.get(key) ?? 0}`, entry };
    const held = this.#leases.get(key);
    if (held !== undefined && held.until > this.#clock.now()) return { busy: true };
    const token = `l${++this.#tokens}`;
    this.#leases.set(key, { token, until: this.#clock.now() + ttlMs });
    return { granted: token };
  }

  fill(key: string, entry: StoredEntry, ttlMs: number | undefined, token: string): boolean {
    const held = this.#leases.get(key);
    const leased = held !== undefined && held.token === token && held.until > this.#clock.now();
    const unchanged = token === `s${this.#epoch}:${this.#stamps.get(key) ?? 0}` && this.get(key) !== undefined;
    if (!leased && !unchanged) return false;
    this.set(key, entry, ttlMs);
    return true;
  }

  /**
   * Frees the lease `token` holds, if it still does (compare-and-delete). Not in the store contract yet:
   * it is the call the proposed fix of the lease leak adds (docs/consistency-model.md), here so that the
   * checker's lease check passes once the engine makes it.
   */
  release(key: string, token: string): void {
    if (this.#leases.get(key)?.token === token) this.#leases.delete(key);
  }

  /** One batch of writes in one step (a Redis script); `keepLastLease` is the broken batch of `batchKeepsLease`. */
  setMany(entries: readonly StoredWrite[], keepLastLease: boolean): void {
    entries.forEach(({ key, entry, ttlMs }, index) => {
      if (keepLastLease && index === entries.length - 1) void this.#inner.set(key, entry, ttlMs);
      else this.set(key, entry, ttlMs);
    });
  }

  /** One batch of deletes in one step (a Redis script); whether any key held an entry. */
  deleteMany(keys: readonly string[], ignore: boolean, keepLastLease: boolean): boolean {
    let removed = false;
    keys.forEach((key, index) => {
      if (keepLastLease && index === keys.length - 1) removed = (this.#inner.delete(key) as boolean) || removed;
      else removed = this.delete(key, ignore) || removed;
    });
    return removed;
  }

  /**
   * Soft invalidation in one step (see `ExpireFault`): the entry marked stale from `now` until
   * `staleUntil`, or a lease ended; resolves whether an entry was marked.
   */
  expire(key: string, now: number, staleUntil: number, fault: ExpireFault): boolean {
    const entry = this.get(key);
    if (entry === undefined) {
      this.#leases.delete(key);
      return false;
    }
    const until = fault === "overstays" ? now + (staleUntil - now) * 100 : staleUntil;
    const marked = markedStale(entry, now, until);
    if (marked === undefined) return false;
    this.set(key, fault === "keepsFresh" ? { ...marked, expiresAt: entry.expiresAt } : marked, until - now);
    return true;
  }

  /** What the key holds now, for the first step of a two-step expire. */
  snapshot(key: string): Snapshot {
    const held = this.#leases.get(key);
    return { entry: this.get(key), stamp: this.#stamps.get(key) ?? 0, lease: held !== undefined && held.until > this.#clock.now() ? held.token : undefined };
  }

  /** The second step of a two-step expire: marks the entry if nothing was written since `seen` (undefined: something was, read again). */
  expireIfUnchanged(key: string, seen: Snapshot, now: number, staleUntil: number): boolean | undefined {
    if ((this.#stamps.get(key) ?? 0) !== seen.stamp || this.get(key) === undefined) return undefined;
    const marked = markedStale(seen.entry!, now, staleUntil);
    if (marked === undefined) return false;
    this.set(key, marked, staleUntil - now);
    return true;
  }

  /** The keys still leased now: after every load settled, each is a lease nobody will fill or free. */
  leased(): string[] {
    return [...this.#leases].filter(([, lease]) => lease.until > this.#clock.now()).map(([key]) => key);
  }

  #touched(key: string): void {
    this.#leases.delete(key);
    this.#stamps.set(key, (this.#stamps.get(key) ?? 0) + 1);
  }
}

/**
 * Where a cache layer's entries live: one process's store, or one shared by several processes.
 *
 * @example
 * const backend = new Backend(clock, { shared: true, leases: true });
 * const a = backend.connect(scheduler, "s1"), b = backend.connect(scheduler, "s2");
 */
export class Backend {
  readonly options: BackendOptions;
  readonly #store: CacheStore;
  readonly #clock: ManualClock;
  readonly #partitions = new Map<string, BackendPartition>();

  constructor(clock: ManualClock, options: BackendOptions) {
    this.options = options;
    this.#clock = clock;
    this.#store = memoryStore({ clock });
  }

  /** The entry stored for `key` of `cache` now, read directly (the final check of G1). */
  peek(cache: string, key: string): StoredEntry | undefined {
    return this.#store.partition(cache, {}).get(key) as StoredEntry | undefined;
  }

  /** The keys of `cache` that hold a lease now. */
  leased(cache: string): string[] {
    return this.#partitions.get(cache)?.leased() ?? [];
  }

  /** The partition of `cache`, opened once. */
  partition(cache: string): BackendPartition {
    let partition = this.#partitions.get(cache);
    if (partition === undefined)
      this.#partitions.set(cache, (partition = new BackendPartition(this.#store.partition(cache, {}), this.#clock, this.options.hidesLeases ?? false)));
    return partition;
  }

  /** A store for one process: its calls applied in order, each at a moment the scheduler picks. */
  connect(scheduler: Scheduler, process: string): CacheStore {
    return new Connection(this, scheduler, process);
  }

  /** The real memory store itself, as one process uses it: calls answer at once (a hit is synchronous). */
  get raw(): CacheStore {
    return this.#store;
  }
}

/** One process's connection to a backend. */
class Connection implements CacheStore {
  readonly kind = "memory";
  readonly #backend: Backend;
  readonly #scheduler: Scheduler;
  readonly #process: string;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(backend: Backend, scheduler: Scheduler, process: string) {
    this.#backend = backend;
    this.#scheduler = scheduler;
    this.#process = process;
  }

  partition(cache: string, options: Parameters<CacheStore["partition"]>[1]): StorePartition {
    // The layer's own bookkeeping (its outbox) is not what the checker watches: no steps for it.
    if (cache.startsWith("~")) return this.#backend.raw.partition(`${this.#process}${cache}`, options);
    const inner = this.#backend.partition(cache);
    const { shared, leases, ignoresDeletes = false, batchKeepsLease = false, expire = "atomic" } = this.#backend.options;
    const call = <T>(label: string, apply: () => T | Promise<T>): Promise<T> => this.#call(`store ${this.#process} ${label}`, apply);
    const partition: StorePartition = {
      get: (key) => call(`get ${key}`, () => inner.get(key)),
      getMany: (keys) => call(`getMany ${keys.join(",")}`, () => keys.map((key) => inner.get(key))),
      set: (key, entry, ttlMs) => call(`set ${key}`, () => inner.set(key, entry, ttlMs)),
      delete: (key) => call(`delete ${key}`, () => inner.delete(key, ignoresDeletes)),
      keys: (pattern) => listed(call(`keys ${pattern ?? "*"}`, () => inner.keys(pattern))),
      clear: () => call("clear", () => inner.clear()),
      ...(shared ?
        {
          forgetLocal() {},
          forgetLocalPattern() {},
          setMany: (entries: readonly StoredWrite[]) =>
            call(`setMany ${entries.map((write) => write.key).join(",")}`, () => inner.setMany(entries, batchKeepsLease)),
          deleteMany: (keys: readonly string[]) => call(`deleteMany ${keys.join(",")}`, () => inner.deleteMany(keys, ignoresDeletes, batchKeepsLease)),
        }
      : {}),
      ...(leases ?
        {
          lease: (key: string, ttlMs: number) => call(`lease ${key}`, () => inner.lease(key, ttlMs)),
          fill: (key: string, entry: StoredEntry, ttlMs: number | undefined, token: string) => call(`fill ${key}`, () => inner.fill(key, entry, ttlMs, token)),
          release: (key: string, token: string) => call(`release ${key}`, () => inner.release(key, token)),
          expire: (key: string, now: number, staleUntil: number) =>
            expire === "readsThenReleases" ?
              expireInTwoSteps(inner, call, key, now, staleUntil)
            : call(`expire ${key}`, () => inner.expire(key, now, staleUntil, expire)),
        }
      : {}),
    };
    return partition;
  }

  /** Calls go out in order, one at a time; the scheduler picks when the next one is applied. */
  #call<T>(label: string, apply: () => T | Promise<T>): Promise<T> {
    const run = this.#tail.then(async () => {
      await this.#scheduler.point(label, "store");
      return apply();
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }
}

/**
 * The expire of `readsThenReleases`, step for step as redis-partition.ts did it: read the key; a lease
 * there is freed by compare-and-delete and the expire ends (even when the compare failed because a fill
 * landed in between); an entry is marked by compare-and-set, read again if it changed.
 */
async function expireInTwoSteps(
  inner: BackendPartition,
  call: <T>(label: string, apply: () => T) => Promise<T>,
  key: string,
  now: number,
  staleUntil: number,
): Promise<boolean> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const seen = await call(`expire-read ${key}`, () => inner.snapshot(key));
    if (seen.lease !== undefined) {
      await call(`expire-release ${key}`, () => inner.release(key, seen.lease!));
      return false;
    }
    if (seen.entry === undefined) return false;
    const swapped = await call(`expire ${key}`, () => inner.expireIfUnchanged(key, seen, now, staleUntil));
    if (swapped !== undefined) return swapped;
  }
  return false;
}

/**
 * `entry` as a soft invalidation leaves it: stale from `now`, served until `staleUntil`, marked
 * `expired`; undefined when it is already past its own grace. Written here from the store contract
 * (`StorePartition.expire`), not taken from the library.
 */
function markedStale(entry: StoredEntry, now: number, staleUntil: number): StoredEntry | undefined {
  const end = entry.staleUntil ?? entry.expiresAt;
  if (end !== undefined && end <= now) return undefined;
  return { ...entry, expiresAt: Math.min(entry.expiresAt ?? now, now), staleUntil, expired: true };
}

/** A list answered by one store step, as the async iterable `keys` returns. */
async function* listed(keys: Promise<string[]>): AsyncIterable<string> {
  yield* await keys;
}
