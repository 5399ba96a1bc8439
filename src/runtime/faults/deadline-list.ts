/**
 * The deadlines of calls in flight to a backend that may never answer, for `RedisCalls` and
 * `KeyvConnection`: one FIFO list and one timer, instead of an `AbortSignal.timeout` or a `setTimeout`
 * per call, which cost more than a hit (bench/redis/timeout-cost.ts).
 *
 * Every call of a list has the same timeout, so the list is in deadline order, oldest first: adding
 * and removing are O(1), and the timer stops at the first call still within its deadline. The timer
 * runs only while calls are in flight. A call costs its node (which the caller makes, holding whatever
 * its expiry needs: no closure per call), one clock read and a few pointer writes.
 */
import type { Clock } from "../contracts/clock.js";

/**
 * A call in flight: a node of a `DeadlineList`. The caller's own class declares these three fields
 * (`deadline = 0`, `prev`/`next` `= undefined`) beside what its expiry needs: a plain class, not a
 * subclass, is cheaper to make on a hot path.
 *
 * @example
 * class Pending implements DeadlineNode {
 *   deadline = 0
 *   prev: Pending | undefined = undefined
 *   next: Pending | undefined = undefined
 *   constructor(readonly reject: (reason: unknown) => void) {}
 * }
 */
export interface DeadlineNode {
  /** Set by `DeadlineList.add`: when, on the list's clock, the call fails. */
  deadline: number;
  prev: DeadlineNode | undefined;
  next: DeadlineNode | undefined;
}

/**
 * Calls in flight, each failed by `onExpire` once `timeoutMs` passed on `clock` without `remove`.
 * A deadline fires at most a tenth of the timeout late (2 to 50 ms: the timer's period).
 *
 * @example
 * class Pending implements DeadlineNode {
 *   deadline = 0
 *   prev: Pending | undefined = undefined
 *   next: Pending | undefined = undefined
 *   constructor(readonly reject: (error: Error) => void) {}
 * }
 * declare function call(): Promise<string>
 * const deadlines = new DeadlineList<Pending>(2000, systemClock, (late) => late.reject(new Error("no answer within 2000ms")))
 * const answer = new Promise<string>((resolve, reject) => {
 *   const pending = new Pending(reject)
 *   deadlines.add(pending)
 *   void call().then((value) => { if (deadlines.remove(pending)) resolve(value) })
 * })
 */
export class DeadlineList<T extends DeadlineNode> {
  /** How long each call is given. */
  readonly timeoutMs: number;
  readonly #tickMs: number;
  readonly #clock: Clock;
  readonly #onExpire: (late: T) => void;
  #head: T | undefined = undefined;
  #tail: T | undefined = undefined;
  #timer: unknown = undefined;

  /** `onExpire` gets each call past its deadline, already removed. */
  constructor(timeoutMs: number, clock: Clock, onExpire: (late: T) => void) {
    this.timeoutMs = timeoutMs;
    this.#tickMs = Math.min(50, Math.max(2, Math.round(timeoutMs / 10)));
    this.#clock = clock;
    this.#onExpire = onExpire;
  }

  /** Starts `node`'s deadline: `timeoutMs` from now. */
  add(node: T): void {
    node.deadline = this.#clock.now() + this.timeoutMs;
    const tail = this.#tail;
    if (tail) {
      tail.next = node;
      node.prev = tail;
    } else {
      this.#head = node;
      // The list was empty, so no timer runs: start one.
      if (this.#timer === undefined) this.#startTimer();
    }
    this.#tail = node;
  }

  /** Ends `node`'s deadline. `false`: it had already expired (or been taken by `takeAll`), so its caller was told. */
  remove(node: T): boolean {
    const prev = node.prev as T | undefined;
    const next = node.next as T | undefined;
    if (prev) prev.next = next;
    else if (this.#head === node) this.#head = next;
    else return false;
    if (next) next.prev = prev;
    else this.#tail = prev;
    node.prev = node.next = undefined;
    return true;
  }

  /** Removes every call in flight and returns them, oldest first (their owner is closing); stops the timer. */
  takeAll(): T[] {
    const taken: T[] = [];
    for (let node = this.#head; node;) {
      const next = node.next as T | undefined;
      node.prev = node.next = undefined;
      taken.push(node);
      node = next;
    }
    this.#head = this.#tail = undefined;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    return taken;
  }

  // One timer, re-armed each tick while calls are in flight (a clock's timers are one-shot). A method
  // bound once, not a closure per arming.
  readonly #tick = (): void => {
    this.#timer = undefined;
    const now = this.#clock.now();
    try {
      // Oldest first: stop at the first call still within its deadline.
      for (let late = this.#head; late && late.deadline <= now; late = this.#head) {
        this.remove(late);
        this.#onExpire(late);
      }
    } finally {
      // Even past an `onExpire` that threw, the calls left keep their deadlines.
      if (this.#head && this.#timer === undefined) this.#startTimer();
    }
  };

  #startTimer(): void {
    this.#timer = this.#clock.setTimeout(this.#tick, this.#tickMs);
  }
}
