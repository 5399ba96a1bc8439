/**
 * Every call a Redis store makes goes through `RedisCalls`: it is refused at once while the circuit is
 * open, bounded in time while it runs, and its failure comes back as a `StoreError`.
 *
 * Why not node-redis's per-command `timeout` option: it arms an `AbortSignal.timeout` per command,
 * which cut throughput to 1/2–1/3 at 64 calls in flight here, where this list costs 1/1.03–1/1.19
 * (`bench/redis/timeout-cost.ts`).
 * Instead, calls in flight sit in one `DeadlineList` (faults/deadline-list.ts): one FIFO list and one
 * timer, running only while calls are in flight. A call costs one list node and one promise.
 */
import type { Clock } from "../contracts/clock.js";
import { StoreError, WriteOutcomeUnknownError } from "../errors.js";
import type { CircuitBreaker } from "../faults/circuit-breaker.js";
import { DeadlineList, type DeadlineNode } from "../faults/deadline-list.js";
import { systemClock } from "../time/clock.js";
import { ClientClosedError, ClientOfflineError, ErrorReply, RootNodesUnavailableError } from "@redis/client";
import { NodeBreakers, type CallRoute } from "./redis-breakers.js";

/** A call that Redis did not answer in time. Used as the `cause` of a `StoreError`. */
export class RedisTimeoutError extends Error {
  static readonly code = "E_REDIS_TIMEOUT";
  override readonly name = "RedisTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`redis did not answer within ${timeoutMs}ms`);
  }
}

/** Where a call's `StoreError` says it failed. */
export interface CallSite {
  readonly layer: string;
  readonly cache?: string | undefined;
}

// One call in flight; a node of the deadline list.
class Pending implements DeadlineNode {
  deadline = 0;
  prev: Pending | undefined = undefined;
  next: Pending | undefined = undefined;
  /** Handed to the client: from here on a write's failure leaves its outcome unknown. */
  sent = false;
  /** Failed by its deadline (or by `abortAll`) before it was sent: it must not be sent any more. */
  settled = false;
  constructor(
    readonly reject: (error: unknown) => void,
    readonly site: CallSite,
    readonly operation: string,
    readonly key: string | undefined,
    readonly write: boolean,
    /** The node it went to (see `NodeBreakers.nodeOf`), whose breaker counts its outcome. */
    readonly node: string,
    readonly breaker: CircuitBreaker,
  ) {}
}

/** Options of `RedisCalls`. */
export interface RedisCallsOptions {
  /** Longest a call may take before it fails with a `RedisTimeoutError` cause. */
  readonly timeoutMs: number;
  /** One breaker for every call (a single Redis, a bus), or one per node (`NodeBreakers`, a cluster). */
  readonly breaker: CircuitBreaker | NodeBreakers;
  /**
   * Told when a call fails in a way that says its node is away or the cluster is reconfiguring (not a
   * refused command): a cluster connection then refreshes its slot map.
   */
  readonly onUnavailable?: ((node: string, cause: unknown) => void) | undefined;
  /** The store name in errors. @default "redis" */
  readonly store?: string;
  /**
   * The connection's first connect: calls made while it runs wait for it (within their deadline)
   * instead of failing a call made right after the store was created. Later outages fail at once.
   */
  readonly firstConnect?: { readonly connecting: boolean; readonly ready: Promise<void> };
  /** The clock of the deadlines and of the timer that enforces them. @default systemClock */
  readonly clock?: Clock | undefined;
}

/**
 * Runs Redis commands with a deadline, a circuit breaker and `StoreError` wrapping.
 *
 * @example
 * import { CircuitBreaker } from "../faults/circuit-breaker.js"
 * declare const client: { get(key: string): Promise<string | null> }
 * const calls = new RedisCalls({ timeoutMs: 1000, breaker: new CircuitBreaker() });
 * const text = await calls.run({ layer: "server" }, "get", "user:1", () => client.get("app::user_data::user:1"), (reply) => reply);
 */
export class RedisCalls {
  readonly #deadlines: DeadlineList<Pending>;
  readonly #breakers: NodeBreakers;
  readonly #onUnavailable: RedisCallsOptions["onUnavailable"];
  readonly #store: string;
  readonly #firstConnect: RedisCallsOptions["firstConnect"];
  #attempts = 0;

  constructor(options: RedisCallsOptions) {
    const { timeoutMs } = options;
    this.#deadlines = new DeadlineList<Pending>(timeoutMs, options.clock ?? systemClock, (late) => this.#fail(late, new RedisTimeoutError(timeoutMs)));
    this.#breakers = options.breaker instanceof NodeBreakers ? options.breaker : new NodeBreakers(options.breaker);
    this.#onUnavailable = options.onUnavailable;
    this.#store = options.store ?? "redis";
    this.#firstConnect = options.firstConnect;
  }

  /** Calls attempted on Redis so far (refused calls excluded). */
  get attempts(): number {
    return this.#attempts;
  }

  /** The breaker of calls tied to no node: on a single Redis, of every call. */
  get breaker(): CircuitBreaker {
    return this.#breakers.any;
  }

  /** Every node's breaker (one on a single Redis). */
  get breakers(): NodeBreakers {
    return this.#breakers;
  }

  /**
   * Runs `start()` unless the circuit of the node it goes to (`route`: the Redis key, or a node) is
   * open, maps its reply with `map`, and fails with a `StoreError` on a Redis error, a timeout or a
   * throwing `map`.
   */
  run<TReply, TResult>(
    site: CallSite,
    operation: string,
    key: string | undefined,
    start: () => Promise<TReply>,
    map: (reply: TReply) => TResult,
    route?: CallRoute,
  ): Promise<TResult> {
    return this.#call(false, site, operation, key, start, map, route);
  }

  /**
   * `run` for a command that changes what Redis holds: a failure after it was sent (a timeout, a
   * dropped connection) is a `WriteOutcomeUnknownError`, since Redis may have applied it.
   */
  write<TReply, TResult>(
    site: CallSite,
    operation: string,
    key: string | undefined,
    start: () => Promise<TReply>,
    map: (reply: TReply) => TResult,
    route?: CallRoute,
  ): Promise<TResult> {
    return this.#call(true, site, operation, key, start, map, route);
  }

  #call<TReply, TResult>(
    write: boolean,
    site: CallSite,
    operation: string,
    key: string | undefined,
    start: () => Promise<TReply>,
    map: (reply: TReply) => TResult,
    route: CallRoute,
  ): Promise<TResult> {
    const node = this.#breakers.nodeOf(route);
    const breaker = this.#breakers.of(node);
    if (!breaker.allow()) return Promise.reject(this.error(site, operation, key, breaker.openError()));
    this.#attempts += 1;
    return new Promise<TResult>((resolve, reject) => {
      const pending = new Pending(reject, site, operation, key, write, node, breaker);
      this.#deadlines.add(pending);
      let started: Promise<TReply>;
      try {
        if (this.#firstConnect?.connecting) {
          started = this.#firstConnect.ready.then(() => {
            // Past its deadline while waiting for the first connect: the caller was told it failed.
            if (pending.settled) return new Promise<TReply>(() => {});
            const sending = start();
            pending.sent = true;
            return sending;
          });
        } else {
          started = start();
          pending.sent = true;
        }
      } catch (cause) {
        this.#deadlines.remove(pending);
        this.#fail(pending, cause);
        return;
      }
      started.then(
        (reply) => {
          // An answer past its deadline still counts for the breaker (the caller was told of the timeout).
          this.#deadlines.remove(pending);
          breaker.success();
          let result: TResult;
          try {
            result = map(reply);
          } catch (cause) {
            reject(this.error(site, operation, key, cause));
            return;
          }
          resolve(result);
        },
        (cause: unknown) => {
          this.#deadlines.remove(pending);
          this.#fail(pending, cause);
        },
      );
    });
  }

  /** Wraps `cause` in a `StoreError` naming layer, store, cache, key and operation. */
  error(site: CallSite, operation: string, key: string | undefined, cause: unknown): StoreError {
    return new StoreError({ layer: site.layer, store: this.#store, cache: site.cache, key, operation, cause });
  }

  /** Fails every call in flight (the store is closing). */
  abortAll(cause: unknown): void {
    for (const pending of this.#deadlines.takeAll()) {
      pending.settled = true;
      pending.reject(this.#errorOf(pending, cause));
    }
  }

  #fail(pending: Pending, cause: unknown): void {
    // A refused command (WRONGTYPE, NOSCRIPT…) means Redis is up: it does not count against the circuit.
    // Nor does a cluster that is reconfiguring (CLUSTERDOWN, TRYAGAIN): the node answered at once; the
    // slot map is refreshed instead, so a healthy master is never refused for another's failover.
    if (!isReplyError(cause)) {
      if (!isClusterStateError(cause)) pending.breaker.failure(cause);
      this.#onUnavailable?.(pending.node, cause);
    }
    pending.settled = true;
    pending.reject(this.#errorOf(pending, cause));
  }

  /** G3: a write that failed after it was sent, other than by Redis's refusal, may have been applied. */
  #errorOf(pending: Pending, cause: unknown): StoreError {
    const { site, operation, key } = pending;
    if (!pending.write || !pending.sent || !mayHaveApplied(cause)) return this.error(site, operation, key, cause);
    return new WriteOutcomeUnknownError({ layer: site.layer, store: this.#store, cache: site.cache, key, operation, cause });
  }
}

// Error replies that mean the server cannot serve now, although it answered.
const UNAVAILABLE = /^(LOADING|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|BUSY)\b/;

/**
 * Whether a sent command that failed with `cause` may still have been applied: not when Redis answered
 * with an error reply (it refused it), nor when the client never wrote it (offline, closed, no node).
 */
function mayHaveApplied(cause: unknown): boolean {
  return !(
    cause instanceof ErrorReply ||
    cause instanceof ClientOfflineError ||
    cause instanceof ClientClosedError ||
    cause instanceof RootNodesUnavailableError
  );
}

/** Whether a cluster node answered that the cluster cannot serve the slot now (it is up, the cluster is reconfiguring). */
function isClusterStateError(error: unknown): boolean {
  return error instanceof ErrorReply && /^(CLUSTERDOWN|TRYAGAIN)\b/.test(error.message);
}

/** Whether Redis answered with an error reply that refuses this command only (it is up). */
function isReplyError(error: unknown): boolean {
  return error instanceof ErrorReply && !UNAVAILABLE.test(error.message);
}
