/**
 * A deadline on every call a store makes to a backend that may never answer (a keyv adapter whose
 * client queues commands while its server is away: @keyv/redis waits forever, ioredis ~10 s, memjs on a
 * silent socket forever).
 *
 * Like `RedisCalls` (redis/redis-calls.ts), and for the same reason (an `AbortSignal.timeout` or a
 * `setTimeout` per call costs more than a hit), calls in flight sit in one FIFO list, oldest first since
 * every call has the same timeout, and one timer, running only while calls are in flight, fails those
 * past their deadline. A call costs one list node and one promise.
 */
import type { Clock } from "../contracts/clock.js";

// One call in flight; a node of the FIFO list. It carries what its expiry needs instead of a closure:
// a hit allocates this node and its promise, nothing else.
class Pending {
  prev: Pending | undefined;
  next: Pending | undefined;
  constructor(
    readonly deadline: number,
    readonly reject: (reason: unknown) => void,
    readonly late: () => unknown,
    readonly onError: ((cause: unknown) => unknown) | undefined,
  ) {}

  expire(): void {
    const cause = this.late();
    this.reject(this.onError ? this.onError(cause) : cause);
  }
}

/**
 * Runs calls with a deadline of `timeoutMs` on `clock`.
 *
 * @example
 * const deadlines = new CallDeadlines(2000, systemClock)
 * const answer = await deadlines.run(() => fetch("http://127.0.0.1:8080/"), () => new Error("no answer within 2000ms"))
 */
export class CallDeadlines {
  readonly timeoutMs: number;
  readonly #tickMs: number;
  readonly #clock: Clock;
  #head: Pending | undefined;
  #tail: Pending | undefined;
  #timer: unknown;

  constructor(timeoutMs: number, clock: Clock) {
    this.timeoutMs = timeoutMs;
    // The timer's period bounds how late a deadline fires: a tenth of the timeout, between 2 and 50 ms.
    this.#tickMs = Math.min(50, Math.max(2, Math.round(timeoutMs / 10)));
    this.#clock = clock;
  }

  /**
   * Settles as `start()` does — its value through `onValue`, its failure through `onError` — or rejects
   * with `onError(late())` once the deadline passes. A call that answers after its deadline is ignored
   * (its rejection too, so it is never an unhandled rejection). The mappers run inside this one promise,
   * so a hit costs no further `then`.
   */
  run<T, R = T>(
    start: () => T | PromiseLike<T>,
    late: () => unknown,
    onValue?: (value: T) => R | PromiseLike<R>,
    onError?: (cause: unknown) => unknown,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let started: T | PromiseLike<T>;
      try {
        started = start();
      } catch (cause) {
        reject(onError ? onError(cause) : cause);
        return;
      }
      if (!isThenable(started)) {
        settle(started, resolve, reject, onValue);
        return;
      }
      const pending = new Pending(this.#clock.now() + this.timeoutMs, reject, late, onError);
      this.#push(pending);
      started.then(
        (value) => {
          this.#unlink(pending);
          settle(value, resolve, reject, onValue);
        },
        (cause: unknown) => {
          this.#unlink(pending);
          reject(onError ? onError(cause) : cause);
        },
      );
    });
  }

  #push(pending: Pending): void {
    if (this.#tail) {
      this.#tail.next = pending;
      pending.prev = this.#tail;
    } else {
      this.#head = pending;
    }
    this.#tail = pending;
    this.#startTimer();
  }

  #unlink(pending: Pending): void {
    // Already expired and unlinked by the timer: nothing to do.
    if (pending.prev === undefined && this.#head !== pending) return;
    if (pending.prev) pending.prev.next = pending.next;
    else this.#head = pending.next;
    if (pending.next) pending.next.prev = pending.prev;
    else this.#tail = pending.prev;
    pending.prev = pending.next = undefined;
  }

  #expire(): void {
    const now = this.#clock.now();
    // Oldest first: stop at the first call still within its deadline.
    while (this.#head && this.#head.deadline <= now) {
      const late = this.#head;
      this.#unlink(late);
      late.expire();
    }
  }

  // One timer, re-armed each tick while calls are in flight (the clock's timers are one-shot).
  #startTimer(): void {
    if (this.#timer !== undefined) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#expire();
      if (this.#head) this.#startTimer();
    }, this.#tickMs);
  }
}

// A module function, not a closure per call (and no per-call name for a transpiler to attach).
function settle<T, R>(
  value: T,
  resolve: (value: R | PromiseLike<R>) => void,
  reject: (reason: unknown) => void,
  onValue: ((value: T) => R | PromiseLike<R>) | undefined,
): void {
  try {
    resolve(onValue ? onValue(value) : (value as unknown as R));
  } catch (cause) {
    reject(cause);
  }
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
