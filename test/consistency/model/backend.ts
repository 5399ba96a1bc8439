/**
 * Stores for the checker, built on the real `memoryStore`: a `Backend` is the one place entries live
 * (one process's memory, or a shared store like Redis), and each process reaches it through its own
 * `connection`, whose calls the scheduler applies one at a time in the order they were made (as a Redis
 * connection does) at moments it picks. A shared backend answers `forgetLocal` with nothing (another
 * process already changed the one copy) and, like the Redis store, can hold fill leases.
 */
import { memoryStore, type CacheStore, type ManualClock, type StoredEntry, type StorePartition } from "../../../src/index.node.js";
import { globMatches } from "./glob-matches.js";
import type { Scheduler } from "./scheduler.js";

/** What `StorePartition.lease` answers. */
type FillLease = Awaited<ReturnType<NonNullable<StorePartition["lease"]>>>;

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
    const { shared, leases, ignoresDeletes = false } = this.#backend.options;
    const call = <T>(label: string, apply: () => T | Promise<T>): Promise<T> => this.#call(`store ${this.#process} ${label}`, apply);
    const partition: StorePartition = {
      get: (key) => call(`get ${key}`, () => inner.get(key)),
      getMany: (keys) => call(`getMany ${keys.join(",")}`, () => keys.map((key) => inner.get(key))),
      set: (key, entry, ttlMs) => call(`set ${key}`, () => inner.set(key, entry, ttlMs)),
      delete: (key) => call(`delete ${key}`, () => inner.delete(key, ignoresDeletes)),
      keys: (pattern) => listed(call(`keys ${pattern ?? "*"}`, () => inner.keys(pattern))),
      clear: () => call("clear", () => inner.clear()),
      ...(shared ? { forgetLocal() {}, forgetLocalPattern() {} } : {}),
      ...(leases ?
        {
          lease: (key: string, ttlMs: number) => call(`lease ${key}`, () => inner.lease(key, ttlMs)),
          fill: (key: string, entry: StoredEntry, ttlMs: number | undefined, token: string) => call(`fill ${key}`, () => inner.fill(key, entry, ttlMs, token)),
          release: (key: string, token: string) => call(`release ${key}`, () => inner.release(key, token)),
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

/** A list answered by one store step, as the async iterable `keys` returns. */
async function* listed(keys: Promise<string[]>): AsyncIterable<string> {
  yield* await keys;
}
