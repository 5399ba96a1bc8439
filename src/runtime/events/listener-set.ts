/**
 * The one fan-out every emitter of borrowcache uses (layer events, invalidation listeners, buses, the
 * event feed of a remote owner): listeners called in the order they were added, each guarded, so an
 * observer can never fail the cache operation that told it something (TanStack query-core's
 * `Subscribable` is the model).
 */

/**
 * A set of listeners of one kind.
 *
 * @example
 * const listeners = new ListenerSet<[key: string]>();
 * const stop = listeners.add((key) => console.log("dropped", key));
 * listeners.emit("user:1");
 * stop();
 */
export class ListenerSet<TArgs extends unknown[]> {
  readonly #listeners = new Set<(...args: TArgs) => void>();

  /** Whether anyone listens: a hot path reads it before it builds what it would emit. */
  get active(): boolean {
    return this.#listeners.size > 0;
  }

  get size(): number {
    return this.#listeners.size;
  }

  /** Adds `listener`; returns the function that removes it (calling it twice is harmless). */
  add(listener: (...args: TArgs) => void): () => void {
    this.#listeners.add(listener);
    return () => this.delete(listener);
  }

  delete(listener: (...args: TArgs) => void): void {
    this.#listeners.delete(listener);
  }

  /** Calls every listener present when the emit starts; one that throws does not stop the others. */
  emit(...args: TArgs): void {
    if (this.#listeners.size === 0) return;
    for (const listener of [...this.#listeners]) {
      try {
        listener(...args);
      } catch {
        // ignored on purpose: an observer cannot fail a read, a write or a delivery
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
