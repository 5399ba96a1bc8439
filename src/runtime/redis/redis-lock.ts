/**
 * A lock shared by every process that uses one Redis: `SET key token NX PX ttl` to take it, a Lua
 * compare-and-delete to release it (only the holder's token frees it), and a Lua compare-and-pexpire
 * every third of `ttlMs` while it is held, so a long update keeps it and a dead holder loses it after
 * `ttlMs`. Waiters in one process queue behind each other first, so at most one of them polls Redis
 * for a given name: 500 waiting updates in a process cost one poller, not 500; and a holder hands the
 * lock straight to the next waiter in its process (up to 16 times in a row), saving the DEL and
 * SET NX round trips. A handed-on lock keeps the first holder's `ttlMs`.
 */
import type { KeyLock } from "../contracts/store.js";
import type { RedisCommander } from "./redis-connection.js";
import type { CallSite, RedisCalls } from "./redis-calls.js";

/** A lock that could not be taken within `waitMs`. Used as the `cause` of a `StoreError`. */
export class LockTimeoutError extends Error {
  static readonly code = "E_LOCK_TIMEOUT";
  override readonly name = "LockTimeoutError";
  constructor(readonly lockName: string, readonly waitMs: number) {
    super(`lock '${lockName}' is held by another holder; gave up after waiting ${waitMs}ms`);
  }
}

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/** What `RedisLocks` needs from its store. */
export interface RedisLocksOptions {
  readonly client: () => RedisCommander;
  readonly calls: RedisCalls;
  readonly site: CallSite;
  /** Prefix of lock keys, e.g. `app::~lock::`. */
  readonly prefix: string;
}

/**
 * Hands out Redis locks by name.
 *
 * @example
 * const locks = new RedisLocks({ client: () => connection.client, calls, site: { layer: "server" }, prefix: "app::~lock::" });
 * const lock = await locks.acquire("update:accounts:account:1", { ttlMs: 5000, waitMs: 10_000 });
 * try { … } finally { await lock.release() }
 */
export class RedisLocks {
  readonly #options: RedisLocksOptions;
  // Per name, the in-process waiters behind the current one (FIFO). A name absent: nobody here waits.
  // A waiter is called with the held lock when the holder hands it on, or with nothing (take it in Redis).
  readonly #queues = new Map<string, Array<(handed: Held | undefined) => void>>();
  // Lock keys this process may hold without knowing it: a SET NX that timed out may still have been
  // applied (Redis paused, then resumed), and a release that failed left its key. Each is freed by
  // compare-and-delete with its token once Redis answers, so it blocks nobody for a whole ttl.
  readonly #orphans = new Map<string, string>();

  constructor(options: RedisLocksOptions) {
    this.#options = options;
  }

  /** Waits up to `waitMs` for `name`, then holds it until `release()` or until it cannot be extended. */
  async acquire(name: string, { ttlMs, waitMs }: { ttlMs: number; waitMs: number }): Promise<KeyLock> {
    const deadline = Date.now() + waitMs;
    const handed = await this.#takeTurn(name, deadline, waitMs);
    if (handed) return this.#view(handed);
    try {
      return await this.#takeInRedis(name, ttlMs, deadline, waitMs);
    } catch (error) {
      this.#handOn(name);
      throw error;
    }
  }

  /** Frees the lock keys left by calls whose outcome is unknown (see `#orphans`); quiet on failure. */
  async cleanOrphans(): Promise<void> {
    const { calls, site } = this.#options;
    for (const [key, token] of [...this.#orphans]) {
      try {
        await calls.run(site, "unlock", key, () => this.#options.client().eval(RELEASE, { keys: [key], arguments: [token] }), () => undefined);
        if (this.#orphans.get(key) === token) this.#orphans.delete(key);
      } catch {
        return; // still away: try again on the next acquire or reconnect
      }
    }
  }

  #orphan(key: string, token: string): void {
    this.#orphans.delete(key);
    this.#orphans.set(key, token);
    // Bounded: past 1,000 the oldest are left to expire by their ttl.
    if (this.#orphans.size > 1000) this.#orphans.delete(this.#orphans.keys().next().value as string);
  }

  #takeTurn(name: string, deadline: number, waitMs: number): Promise<Held | undefined> {
    const queue = this.#queues.get(name);
    if (!queue) {
      this.#queues.set(name, []);
      return Promise.resolve(undefined);
    }
    return new Promise<Held | undefined>((resolve, reject) => {
      const turn = (handed: Held | undefined) => {
        clearTimeout(timer);
        resolve(handed);
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(turn);
        if (index !== -1) queue.splice(index, 1);
        reject(this.#options.calls.error(this.#options.site, "lock", name, new LockTimeoutError(name, waitMs)));
      }, Math.max(0, deadline - Date.now()));
      queue.push(turn);
    });
  }

  #handOn(name: string, handed?: Held): void {
    const queue = this.#queues.get(name);
    const next = queue?.shift();
    if (next) next(handed);
    else this.#queues.delete(name);
  }

  async #takeInRedis(name: string, ttlMs: number, deadline: number, waitMs: number): Promise<KeyLock> {
    const { calls, site, prefix } = this.#options;
    const key = prefix + name;
    const token = globalThis.crypto.randomUUID();
    const ttl = Math.max(1, Math.ceil(ttlMs));
    let pauseMs = 2;
    if (this.#orphans.size > 0) await this.cleanOrphans();
    for (;;) {
      let taken: boolean;
      try {
        taken = await calls.run(site, "lock", name, () => this.#options.client().set(key, token, { condition: "NX", expiration: { type: "PX", value: ttl } }), (reply) => reply === "OK");
      } catch (error) {
        this.#orphan(key, token);
        throw error;
      }
      if (taken) return this.#held(name, key, token, ttl);
      const left = deadline - Date.now();
      if (left <= 0) throw calls.error(site, "lock", name, new LockTimeoutError(name, waitMs));
      // Back off 2, 4 … 32 ms with jitter: short enough to follow a busy lock, sparse enough not to flood Redis.
      await sleep(Math.min(left, pauseMs + Math.random() * pauseMs));
      pauseMs = Math.min(pauseMs * 2, 32);
    }
  }

  #held(name: string, key: string, token: string, ttl: number): KeyLock {
    const { calls, site } = this.#options;
    const held: Held = { name, key, token, ttl, lastExtended: Date.now(), lost: false, handoffs: 0, timer: undefined };
    held.timer = setInterval(() => {
      if (Date.now() - held.lastExtended >= ttl) held.lost = true; // could not extend in time: another may hold it now
      if (held.lost) {
        clearInterval(held.timer);
        return;
      }
      calls
        .run(site, "extend lock", name, () => this.#options.client().eval(EXTEND, { keys: [key], arguments: [token, String(ttl)] }), (reply) => reply === 1)
        .then(
          (stillOurs) => {
            if (stillOurs) held.lastExtended = Date.now();
            else held.lost = true;
          },
          () => {}, // Redis away: the next tick tries again, until the ttl runs out.
        );
    }, Math.max(1, Math.floor(ttl / 3)));
    held.timer.unref?.();
    return this.#view(held);
  }

  // What one holder sees of a held lock. A lock handed on to the next waiter in this process gets a
  // new view, so a late second release() by the previous holder changes nothing.
  #view(held: Held): KeyLock {
    let released = false;
    return {
      get held() {
        return !released && !held.lost && Date.now() - held.lastExtended < held.ttl;
      },
      release: async () => {
        if (released) return;
        released = true;
        await this.#release(held);
      },
    };
  }

  async #release(held: Held): Promise<void> {
    const { calls, site } = this.#options;
    const fresh = !held.lost && Date.now() - held.lastExtended < held.ttl / 2;
    // A waiter in this process takes the lock as it is: no DEL and SET NX round trips. Bounded, so
    // that other processes get their turn.
    if (fresh && held.handoffs < MAX_HANDOFFS && (this.#queues.get(held.name)?.length ?? 0) > 0) {
      held.handoffs++;
      this.#handOn(held.name, held);
      return;
    }
    clearInterval(held.timer);
    if (held.lost) {
      this.#handOn(held.name);
      return;
    }
    held.lost = true;
    try {
      await calls.run(site, "unlock", held.name, () => this.#options.client().eval(RELEASE, { keys: [held.key], arguments: [held.token] }), () => undefined);
    } catch {
      // Redis away: freed when Redis answers again (or by its ttl); the waiters here poll until then.
      this.#orphan(held.key, held.token);
    } finally {
      this.#handOn(held.name);
    }
  }
}

// Hand-offs in a row within one process before the lock is released in Redis for the others.
const MAX_HANDOFFS = 16;

/** A lock this process holds in Redis, shared by the views handed from holder to holder. */
interface Held {
  readonly name: string;
  readonly key: string;
  readonly token: string;
  readonly ttl: number;
  lastExtended: number;
  lost: boolean;
  handoffs: number;
  timer: ReturnType<typeof setInterval> | undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
