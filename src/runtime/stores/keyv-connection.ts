/**
 * The adapter behind a `keyvStore`, and every call made to it: bounded in time, its failure a
 * `StoreError`, and never able to take the process down.
 *
 * - **An `error` listener on every adapter that has `on`.** Most adapters re-emit their client's
 *   connection errors (@keyv/valkey, @keyv/memcache, @keyv/redis); with nobody listening, Node turns the
 *   first one into an uncaught exception. Heard errors go to `onError`.
 * - **A call that overlapped an error event is not trusted.** Some adapters report a failure only as an
 *   event: @keyv/postgres's iterator emits and stops (a failed listing would look empty), @keyv/memcache's
 *   `getMany` turns a failed read into `undefined`. A call during which the adapter emitted an error fails
 *   with that error. (A healthy backend emits none, so this costs a hit one counter read.)
 * - **A deadline on every call** (a `DeadlineList`, faults/deadline-list.ts), with the bound in the
 *   `StoreError`'s cause. A hit allocates its list node, its promise and the two callbacks of the
 *   adapter's promise, and adds one promise hop to the adapter's: bench/keyv/hit-cost.ts.
 * - **Recovery.** A client that lost its server reconnects by itself (pg, mysql2, ioredis, node-redis,
 *   memjs all do). An SQL adapter created while its database was away does not: its table was never
 *   created (@keyv/postgres) or its connection promise stays rejected (@keyv/mysql, @keyv/sqlite). So an
 *   adapter that has never answered a call is replaced, at most once a second while calls keep failing,
 *   by a fresh one: from the user's factory (`keyvStore(() => new Adapter(…))`), else the table's
 *   `recreate` (same class, same options).
 */
import type { KeyvStoreAdapter } from "keyv";
import type { Clock } from "../contracts/clock.js";
import { StoreError, ValueError } from "../errors.js";
import { DeadlineList, type DeadlineNode } from "../faults/deadline-list.js";
import { parseChunkKey } from "../streaming/chunk-keys.js";
import { isPromise } from "./is-promise.js";

/** A call the adapter did not answer in time. The `cause` of a `StoreError`. */
export class KeyvTimeoutError extends Error {
  static readonly code = "E_KEYV_TIMEOUT";
  override readonly name = "KeyvTimeoutError";
  constructor(
    readonly adapter: string,
    readonly timeoutMs: number,
  ) {
    super(`${adapter} did not answer within ${timeoutMs}ms (keyvStore timeoutMs)`);
  }
}

/** An error event of the adapter, heard during a call: that call's cause. */
export class KeyvAdapterError extends Error {
  static readonly code = "E_KEYV_ADAPTER_ERROR";
  override readonly name = "KeyvAdapterError";
  constructor(
    readonly adapter: string,
    cause: unknown,
  ) {
    super(`${adapter} reported an error during the call: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Where a call runs, for its `StoreError`. */
export interface KeyvCallSite {
  readonly layer: string;
  readonly cache: string;
}

/** How a `KeyvConnection` is set up. */
export interface KeyvConnectionSetup {
  /** The package name of the adapter, or "keyv adapter": named in timeouts and adapter errors. */
  readonly adapterName: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
  /** Makes a fresh adapter; absent: the first adapter is the only one. */
  readonly recreate: (() => KeyvStoreAdapter) | undefined;
  /** Whether the store made (and so may close) the adapters `recreate` returns. */
  readonly ownsRecreated: boolean;
  readonly onError: ((error: unknown) => void) | undefined;
  /** Called with each adapter the store uses (keyv-adapters.ts `watch`). */
  readonly watch?: ((adapter: KeyvStoreAdapter) => void) | undefined;
}

/** How long an adapter that never answered is given before it is replaced by a fresh one. */
const RECREATE_AFTER_MS = 1000;

/** Turns an adapter's answer into a call's result; `key` is the call's. */
export type KeyvAnswerMap<T, R> = (value: T, key: string | undefined) => R | PromiseLike<R>;

// One call: its node in the deadline list, and everything settling it needs, so a call makes no
// closure but the two callbacks of the adapter's promise.
class KeyvCall implements DeadlineNode {
  deadline = 0;
  prev: KeyvCall | undefined = undefined;
  next: KeyvCall | undefined = undefined;
  resolve: (value: unknown) => void = ignore;
  reject: (reason: unknown) => void = ignore;
  constructor(
    readonly site: KeyvCallSite,
    readonly operation: string,
    readonly key: string | undefined,
    readonly adapter: KeyvStoreAdapter,
    /** The adapter's error count when the call started: one more by its answer, and it is not trusted. */
    readonly errorsBefore: number,
    readonly map: KeyvAnswerMap<never, unknown> | undefined,
  ) {}
}

/**
 * The current adapter of a store and the calls made to it.
 *
 * @example
 * import KeyvSqlite from "@keyv/sqlite"
 * const adapter = new KeyvSqlite("sqlite://cache.db")
 * const connection = new KeyvConnection(adapter, { adapterName: "@keyv/sqlite", timeoutMs: 2000, clock: systemClock, recreate: undefined, ownsRecreated: false, onError: undefined })
 * const raw = await connection.call({ layer: "server", cache: "c" }, "get", "k", (a) => a.get("app::c::k"))
 */
export class KeyvConnection {
  readonly #setup: KeyvConnectionSetup;
  readonly #deadlines: DeadlineList<KeyvCall>;
  readonly #made: KeyvStoreAdapter[] = [];
  /** Stops this store hearing an adapter's errors (its one listener stays, so none goes unheard). */
  readonly #heard: (() => void)[] = [];
  #adapter: KeyvStoreAdapter;
  #answered = false;
  #since: number;
  /** Error events heard from the current adapter so far, and the last one. */
  #errors = 0;
  #lastError: unknown;

  constructor(adapter: KeyvStoreAdapter, setup: KeyvConnectionSetup) {
    this.#setup = setup;
    this.#deadlines = new DeadlineList<KeyvCall>(setup.timeoutMs, setup.clock, (late) => {
      late.reject(this.#failed(late.site, late.operation, late.key, new KeyvTimeoutError(setup.adapterName, setup.timeoutMs), late.adapter));
    });
    this.#adapter = adapter;
    this.#since = setup.clock.now();
    this.#listen(adapter);
    setup.watch?.(adapter);
  }

  /** The adapter calls go to now. */
  get adapter(): KeyvStoreAdapter {
    return this.#adapter;
  }

  /**
   * Runs one adapter call: within the deadline, failing with a `StoreError` (naming the user's key,
   * never an internal chunk key) if it throws, rejects, times out, or overlaps an adapter error event.
   * `map` turns an answer in time into the result (what it throws passes as it is: a `StoreError`, a
   * `ValueError`); an answer past the deadline is not mapped (its caller was told of the timeout).
   */
  call<T, R = T>(
    site: KeyvCallSite,
    operation: string,
    key: string | undefined,
    run: (adapter: KeyvStoreAdapter) => T | PromiseLike<T>,
    map?: KeyvAnswerMap<T, R>,
  ): Promise<R> {
    const adapter = this.#adapter;
    const errorsBefore = this.#errors;
    let started: T | PromiseLike<T>;
    try {
      started = run(adapter);
    } catch (cause) {
      return Promise.reject(this.#failed(site, operation, key, cause, adapter));
    }
    return this.#settle(new KeyvCall(site, operation, key, adapter, errorsBefore, map), started);
  }

  /**
   * `call` for a hit, `adapter.get(stored)`: the same guarantees, without a closure to make per call
   * (`map` is the caller's, made once).
   */
  get<R>(site: KeyvCallSite, key: string, stored: string, map: KeyvAnswerMap<unknown, R>): Promise<R> {
    const adapter = this.#adapter;
    const errorsBefore = this.#errors;
    let started: unknown;
    try {
      started = adapter.get(stored);
    } catch (cause) {
      return Promise.reject(this.#failed(site, "get", key, cause, adapter));
    }
    return this.#settle(new KeyvCall(site, "get", key, adapter, errorsBefore, map), started);
  }

  // The result of `call` once the adapter started it: at once for an answer already there (an
  // in-process Map), else within the deadline. One promise; the adapter's answer is mapped in its callback.
  #settle<R>(call: KeyvCall, started: unknown): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      call.resolve = resolve as (value: unknown) => void;
      call.reject = reject;
      if (!isPromise(started)) {
        this.#answer(call, started, true);
        return;
      }
      this.#deadlines.add(call);
      started.then(
        (value) => this.#answer(call, value, this.#deadlines.remove(call)),
        (cause: unknown) => {
          this.#deadlines.remove(call);
          call.reject(this.#failed(call.site, call.operation, call.key, cause, call.adapter));
        },
      );
    });
  }

  #answer(call: KeyvCall, value: unknown, inTime: boolean): void {
    let result: unknown;
    try {
      if (call.adapter === this.#adapter) {
        if (this.#errors !== call.errorsBefore)
          throw this.#failed(call.site, call.operation, call.key, new KeyvAdapterError(this.#setup.adapterName, this.#lastError));
        // Even late: an adapter that answers is alive, so it is not replaced.
        this.#answered = true;
      }
      if (!inTime) return;
      result = call.map ? call.map(value as never, call.key) : value;
    } catch (cause) {
      call.reject(cause);
      return;
    }
    call.resolve(result);
  }

  /** How many error events the current adapter emitted so far: a listing compares it before and after. */
  get errorCount(): number {
    return this.#errors;
  }

  /** The error a listing fails with when an error event came during it. */
  adapterError(site: KeyvCallSite, operation: string, key: string | undefined): StoreError {
    return this.error(site, operation, key, new KeyvAdapterError(this.#setup.adapterName, this.#lastError));
  }

  /** A `StoreError` for `cause`; a chunk key is named by its value's key, the chunk in the operation. */
  error(site: KeyvCallSite, operation: string, key: string | undefined, cause: unknown): StoreError {
    if (cause instanceof StoreError) return cause;
    const chunk = key === undefined ? undefined : parseChunkKey(key);
    return new StoreError({
      layer: site.layer,
      store: "keyv",
      cache: site.cache,
      key: chunk ? chunk.key : key,
      operation: chunk ? `${operation} (chunk ${chunk.index})` : operation,
      cause,
    });
  }

  /** Disconnects the adapters this store made (never one the user passed in: it is theirs). */
  async close(): Promise<void> {
    for (const stop of this.#heard.splice(0)) stop();
    const made = this.#made.splice(0);
    await Promise.all(
      made.map((adapter) =>
        Promise.resolve()
          .then(() => adapter.disconnect?.())
          .catch(() => {}),
      ),
    );
  }

  #failed(site: KeyvCallSite, operation: string, key: string | undefined, cause: unknown, adapter?: KeyvStoreAdapter): Error {
    if (cause instanceof ValueError) return cause;
    if (adapter === this.#adapter && !this.#answered) this.#maybeRecreate();
    return this.error(site, operation, key, cause);
  }

  #maybeRecreate(): void {
    const { recreate, clock } = this.#setup;
    if (!recreate || clock.now() - this.#since < RECREATE_AFTER_MS) return;
    let fresh: KeyvStoreAdapter;
    try {
      fresh = recreate();
    } catch (error) {
      this.#setup.onError?.(error);
      this.#since = clock.now();
      return;
    }
    const old = this.#adapter;
    this.#adapter = fresh;
    this.#since = clock.now();
    this.#listen(fresh);
    this.#setup.watch?.(fresh);
    if (this.#setup.ownsRecreated) {
      this.#made.push(fresh);
      const index = this.#made.indexOf(old);
      if (index >= 0) {
        this.#made.splice(index, 1);
        void Promise.resolve()
          .then(() => old.disconnect?.())
          .catch(() => {});
      }
    }
  }

  // The listener stays on an adapter after it is replaced: a late error event must not crash the process either.
  #listen(adapter: KeyvStoreAdapter): void {
    this.#heard.push(
      hear(adapter, (error) => {
        if (adapter === this.#adapter) {
          this.#errors++;
          this.#lastError = error;
        }
        try {
          this.#setup.onError?.(error);
        } catch {
          // the user's listener failing must not turn into an uncaught exception either
        }
      }),
    );
  }

  /** Registers the first adapter as one the store made (it came from the user's factory). */
  adopt(): void {
    this.#made.push(this.#adapter);
  }
}

// One 'error' listener per adapter, however many stores use it (Node warns past 10 listeners).
const hearers = new WeakMap<object, Set<(error: unknown) => void>>();

function hear(adapter: KeyvStoreAdapter, hearer: (error: unknown) => void): () => void {
  const on = (adapter as { on?: unknown }).on;
  if (typeof on !== "function") return () => {};
  let set = hearers.get(adapter);
  if (!set) {
    const created = new Set<(error: unknown) => void>();
    set = created;
    hearers.set(adapter, created);
    on.call(adapter, "error", (error: unknown) => {
      for (const each of created) each(error);
    });
  }
  set.add(hearer);
  return () => set.delete(hearer);
}

function ignore(): void {}
