/** One request's deadline: its `signal` aborts once `ms` pass without `clear`. */
export interface Deadline {
  /** Aborted (with an `Error` saying how long it waited) when the deadline passes. */
  readonly signal: AbortSignal;
  /** Gives the request `ms` again from now (a stream that made progress). */
  restart(): void;
  /** Ends the deadline; the signal will not abort. Safe to call more than once. */
  clear(): void;
  /** Calls `listener` with the timeout error when the deadline passes: a transport without signals (node:http) cuts its request there. */
  onExpire(listener: (reason: Error) => void): void;
}

type Handle = ReturnType<typeof setTimeout> & { ref?: () => unknown; unref?: () => unknown };

const monotonic = (): number => performance.now();

/**
 * Deadlines of equal length for many requests under one timer, instead of a `setTimeout` and a
 * `clearTimeout` per request: every deadline is `ms` after its start, so they expire in the order they
 * started (kept by a `Set`), and the one timer waits for the oldest. Between requests the timer is
 * unreferenced where the runtime can (Node), so an idle borrower never keeps a process alive; browsers
 * and workers have no such notion and need none. Works wherever `setTimeout`, `performance.now` and
 * `AbortController` exist.
 *
 * @example
 * const deadlines = new DeadlineList(5000)
 * const deadline = deadlines.start()
 * try { await fetch(url, { signal: deadline.signal }) } finally { deadline.clear() }
 */
export class DeadlineList {
  readonly #ms: number;
  readonly #now: () => number;
  readonly #pending = new Set<Entry>();
  #timer: Handle | undefined;

  /** `now` is the clock in milliseconds (a test's controllable one). */
  constructor(ms: number, now: () => number = monotonic) {
    this.#ms = ms;
    this.#now = now;
  }

  /** A deadline `ms` from now. */
  start(): Deadline {
    const entry = new Entry(this);
    this.add(entry);
    return entry;
  }

  /** @internal (re)starts an entry's wait: to the end of the queue, which stays in deadline order. */
  add(entry: Entry): void {
    this.#pending.delete(entry);
    entry.at = this.#now() + this.#ms;
    this.#pending.add(entry);
    if (this.#timer === undefined) this.#arm(this.#ms);
    else if (this.#pending.size === 1) this.#timer.ref?.();
  }

  /** @internal */
  remove(entry: Entry): void {
    if (this.#pending.delete(entry) && this.#pending.size === 0) this.#timer?.unref?.();
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => this.#expire(), Math.max(1, Math.ceil(ms)));
  }

  #expire(): void {
    this.#timer = undefined;
    const at = this.#now();
    for (const entry of this.#pending) {
      if (entry.at > at) {
        this.#arm(entry.at - at);
        return;
      }
      this.#pending.delete(entry);
      entry.abort(new Error(`no answer within ${this.#ms}ms`));
    }
  }
}

/** A deadline in a `DeadlineList`; its controller is made when the signal is first asked for. */
class Entry implements Deadline {
  at = 0;
  readonly #list: DeadlineList;
  #controller: AbortController | undefined;
  #onExpire: ((reason: Error) => void) | undefined;

  constructor(list: DeadlineList) {
    this.#list = list;
  }

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }

  restart(): void {
    this.#list.add(this);
  }

  clear(): void {
    this.#list.remove(this);
  }

  onExpire(listener: (reason: Error) => void): void {
    this.#onExpire = listener;
  }

  abort(reason: Error): void {
    this.#onExpire?.(reason);
    this.#controller ??= new AbortController();
    this.#controller.abort(reason);
  }
}
