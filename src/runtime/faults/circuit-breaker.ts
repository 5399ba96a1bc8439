/**
 * A circuit breaker for a shared store: after a run of failures it stops sending calls for a short
 * while (open), then lets one call through (half-open probe); that call's outcome closes or re-opens
 * it. While open, callers fail at once instead of hammering a store that is away and waiting for each
 * call's timeout (bentocache's `l2CircuitBreakerDuration`, with a probe instead of a blind reopen).
 */

/** The breaker's state, as a const object plus a same-named union. */
export const CircuitState = { closed: "closed", open: "open", halfOpen: "half-open" } as const;
export type CircuitState = (typeof CircuitState)[keyof typeof CircuitState];

/** Options of `CircuitBreaker`. */
export interface CircuitBreakerOptions {
  /**
   * Failures in a row that open the circuit.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * How long the circuit stays open before a probe. It doubles after each failed probe, up to `maxOpenMs`.
   * @default 100
   */
  readonly openMs?: number;
  /**
   * The longest the circuit stays open, so it closes soon after the store returns.
   * @default 500
   */
  readonly maxOpenMs?: number;
  /** Time source, for tests. @default Date.now */
  readonly now?: () => number;
}

/** Why a call was refused without trying: the circuit is open. Used as the `cause` of a `StoreError`. */
export class CircuitOpenError extends Error {
  static readonly code = "E_CIRCUIT_OPEN";
  override readonly name = "CircuitOpenError";
  constructor(
    readonly retryInMs: number,
    readonly lastFailure: unknown,
  ) {
    const reason = lastFailure instanceof Error ? ` (last failure: ${lastFailure.message})` : "";
    super(`circuit open: the store failed repeatedly, next attempt in ${Math.max(0, Math.round(retryInMs))}ms${reason}`);
  }
}

/**
 * Counts failures and decides whether the next call may go through.
 *
 * @example
 * declare function call(): Promise<void>; // one call to the store
 * const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 100 });
 * if (!breaker.allow()) throw breaker.openError();
 * try { await call(); breaker.success() } catch (e) { breaker.failure(e); throw e }
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #baseOpenMs: number;
  readonly #maxOpenMs: number;
  readonly #now: () => number;
  #state: CircuitState = CircuitState.closed;
  #failures = 0;
  #openMs: number;
  #openUntil = 0;
  #lastFailure: unknown;
  #probing = false;
  #opened = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#threshold = Math.max(1, options.failureThreshold ?? 3);
    this.#baseOpenMs = Math.max(1, options.openMs ?? 100);
    this.#maxOpenMs = Math.max(this.#baseOpenMs, options.maxOpenMs ?? 500);
    this.#openMs = this.#baseOpenMs;
    this.#now = options.now ?? Date.now;
  }

  /** The state now (an open circuit whose time is up reads as half-open). */
  get state(): CircuitState {
    if (this.#state === CircuitState.open && this.#now() >= this.#openUntil) return CircuitState.halfOpen;
    return this.#state;
  }

  /** How many times the circuit has opened since it was made. */
  get timesOpened(): number {
    return this.#opened;
  }

  /**
   * Whether a call may go through now. In half-open state exactly one call (the probe) is let
   * through until it reports `success` or `failure`.
   */
  allow(): boolean {
    if (this.#state === CircuitState.closed) return true;
    if (this.#probing || this.#now() < this.#openUntil) return false;
    this.#state = CircuitState.halfOpen;
    this.#probing = true;
    return true;
  }

  /** A call succeeded: the store answers, so the circuit closes. */
  success(): void {
    if (this.#state === CircuitState.closed && this.#failures === 0) return;
    this.#state = CircuitState.closed;
    this.#failures = 0;
    this.#probing = false;
    this.#openMs = this.#baseOpenMs;
  }

  /** A call failed in a way that says the store is away (not a refused command). */
  failure(error: unknown): void {
    this.#lastFailure = error;
    if (this.#state === CircuitState.closed) {
      this.#failures += 1;
      if (this.#failures >= this.#threshold) this.#open(this.#baseOpenMs);
      return;
    }
    if (this.#probing) {
      // The probe failed: stay away longer, but never longer than maxOpenMs.
      this.#probing = false;
      this.#open(Math.min(this.#openMs * 2, this.#maxOpenMs));
    }
  }

  /** Closes the circuit at once, e.g. when the client reports it reconnected. */
  reset(): void {
    this.#state = CircuitState.open;
    this.success();
  }

  /** The error to fail a refused call with. */
  openError(): CircuitOpenError {
    return new CircuitOpenError(this.#openUntil - this.#now(), this.#lastFailure);
  }

  #open(ms: number): void {
    this.#state = CircuitState.open;
    this.#openMs = ms;
    this.#openUntil = this.#now() + ms;
    this.#opened += 1;
  }
}
