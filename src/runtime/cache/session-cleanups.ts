import type { Clock } from "../contracts/clock.js";

interface Pending {
  readonly cleanup: () => void | Promise<void>;
  readonly timer: unknown;
}

/**
 * The `cleanup` callbacks of session entries (`set(key, value, { cleanup })`), each run exactly once:
 * when the entry expires (a timer on the layer's clock), is deleted or invalidated, is evicted by the
 * store, or is replaced by another `set`. Whatever fires first wins; the others find nothing to run.
 *
 * @example
 * declare const partition: StorePartition;
 * declare const socket: WebSocket;
 * const cleanups = new SessionCleanups(systemClock, (key) => void partition.delete(key), (key, error) => console.error(key, error));
 * cleanups.register("session:1", () => socket.close(), Date.now() + 30 * 60_000);
 * cleanups.run("session:1"); // socket closed; later runs do nothing
 */
export class SessionCleanups {
  readonly #pending = new Map<string, Pending>();
  readonly #clock: Clock;
  readonly #expire: (key: string) => void;
  readonly #onError: (key: string, error: unknown) => void;

  constructor(clock: Clock, expire: (key: string) => void, onError: (key: string, error: unknown) => void) {
    this.#clock = clock;
    this.#expire = expire;
    this.#onError = onError;
  }

  /** Registers `cleanup` for `key`; at `until` (epoch ms) the entry is dropped and the cleanup runs. */
  register(key: string, cleanup: () => void | Promise<void>, until: number | undefined): void {
    this.run(key);
    const timer =
      until === undefined ? undefined : (
        this.#clock.setTimeout(() => {
          if (!this.#pending.has(key)) return;
          this.#expire(key);
          this.run(key);
        }, until - this.#clock.now())
      );
    this.#pending.set(key, { cleanup, timer });
  }

  /** Runs and forgets the cleanup of `key`, if one is pending. */
  run(key: string): void {
    const pending = this.#pending.get(key);
    if (!pending) return;
    this.#pending.delete(key);
    if (pending.timer !== undefined) this.#clock.clearTimeout(pending.timer);
    try {
      const done = pending.cleanup();
      if (done instanceof Promise) done.catch((error: unknown) => this.#onError(key, error));
    } catch (error) {
      this.#onError(key, error);
    }
  }

  /** Whether `key` has a pending cleanup (cheap enough to ask on every delete). */
  has(key: string): boolean {
    return this.#pending.size > 0 && this.#pending.has(key);
  }

  /** Stops every timer without running cleanups (the layer is closing; the entries stay in the store). */
  stop(): void {
    for (const pending of this.#pending.values()) if (pending.timer !== undefined) this.#clock.clearTimeout(pending.timer);
    this.#pending.clear();
  }
}
