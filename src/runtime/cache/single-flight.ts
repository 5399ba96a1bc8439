/**
 * Concurrent misses for one key share one load. Only the promise in flight is kept: once it settles
 * the key is forgotten, so a failed load reaches every waiter as the same error and is not cached.
 *
 * @example
 * declare function load(): Promise<User | undefined>;
 * const flight = new SingleFlight<string, User | undefined>();
 * const [a, b] = await Promise.all([flight.run("user:1", load), flight.run("user:1", load)]); // load ran once
 */
export class SingleFlight<TKey, TValue> {
  readonly #inFlight = new Map<TKey, Promise<TValue>>();

  /** Runs `fn` for `key` unless a run for `key` is already in flight, whose promise is then shared. */
  run(key: TKey, fn: () => Promise<TValue>): Promise<TValue> {
    const running = this.#inFlight.get(key);
    if (running) return running;
    const started = fn().finally(() => {
      // A run that was forgotten (a write superseded it) must not remove the run that replaced it.
      if (this.#inFlight.get(key) === started) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, started);
    return started;
  }

  /**
   * Stops sharing the run in flight for `key`: callers that come later start a run of their own. Its
   * current waiters still get its result. A write does this, so nobody who reads after the write
   * resolved gets a value loaded before it.
   */
  forget(key: TKey): void {
    this.#inFlight.delete(key);
  }

  /** Whether a run for `key` is in flight. */
  has(key: TKey): boolean {
    return this.#inFlight.has(key);
  }

  /** How many keys are loading now. */
  get size(): number {
    return this.#inFlight.size;
  }
}
