import type { KeyLock } from "../contracts/store.js";

/**
 * Per-key mutexes for one process, used by `atomicUpdate` and loads when the store has no shared
 * `lock()` (memory, IndexedDB). Exact within the process; a store shared by several processes must
 * bring its own lock (Redis). Waiters are served first come, first served.
 *
 * @example
 * const balances = new Map<string, number>();
 * const locks = new LocalLock();
 * const lock = await locks.acquire("update:accounts:account:1");
 * try { balances.set("account:1", (balances.get("account:1") ?? 0) + 10); } finally { await lock.release(); }
 */
export class LocalLock {
  // For each held name, the waiters queued behind its holder. A name absent from the map is free.
  readonly #queues = new Map<string, Array<() => void>>();

  /** Waits until `name` is free, then holds it until `release()`. */
  acquire(name: string): Promise<KeyLock> {
    const queue = this.#queues.get(name);
    if (!queue) {
      this.#queues.set(name, []);
      return Promise.resolve(this.#grant(name));
    }
    return new Promise((resolve) => queue.push(() => resolve(this.#grant(name))));
  }

  /** Whether `name` is held now. */
  isHeld(name: string): boolean {
    return this.#queues.has(name);
  }

  #grant(name: string): KeyLock {
    let held = true;
    return {
      get held() {
        return held;
      },
      release: async () => {
        if (!held) return;
        held = false;
        this.#handOn(name);
      },
    };
  }

  #handOn(name: string): void {
    const queue = this.#queues.get(name);
    const next = queue?.shift();
    if (next) next();
    else this.#queues.delete(name);
  }
}
