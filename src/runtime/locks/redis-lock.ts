/**
 * A lock shared by every process that uses one Redis: `SET key token NX PX ttl` to take it, a Lua
 * compare-and-delete to release it (only the holder's token frees it), and a Lua compare-and-pexpire
 * every third of `ttlMs` while it is held, so a long update keeps it and a dead holder loses it after
 * `ttlMs`. Waiters in one process queue behind each other first, so at most one of them polls Redis
 * for a given name: 500 waiting updates in a process cost one poller, not 500.
 */
import { randomUUID } from "node:crypto";
import type { KeyLock } from "../stores/store.js";
import type { RedisCommander } from "../stores/redis-connection.js";
import type { CallSite, RedisCalls } from "../stores/redis-calls.js";

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
  readonly #queues = new Map<string, Array<() => void>>();
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
    await this.#takeTurn(name, deadline, waitMs);
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

  #takeTurn(name: string, deadline: number, waitMs: number): Promise<void> {
    const queue = this.#queues.get(name);
    if (!queue) {
      this.#queues.set(name, []);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(turn);
        if (index !== -1) queue.splice(index, 1);
        reject(this.#options.calls.error(this.#options.site, "lock", name, new LockTimeoutError(name, waitMs)));
      }, Math.max(0, deadline - Date.now()));
      queue.push(turn);
    });
  }

  #handOn(name: string): void {
    const queue = this.#queues.get(name);
    const next = queue?.shift();
    if (next) next();
    else this.#queues.delete(name);
  }

  async #takeInRedis(name: string, ttlMs: number, deadline: number, waitMs: number): Promise<KeyLock> {
    const { calls, site, prefix } = this.#options;
    const key = prefix + name;
    const token = randomUUID();
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
    let held = true;
    let lastExtended = Date.now();
    const extend = setInterval(() => {
      if (Date.now() - lastExtended >= ttl) held = false; // could not extend in time: another may hold it now
      if (!held) {
        clearInterval(extend);
        return;
      }
      calls
        .run(site, "extend lock", name, () => this.#options.client().eval(EXTEND, { keys: [key], arguments: [token, String(ttl)] }), (reply) => reply === 1)
        .then(
          (stillOurs) => {
            if (stillOurs) lastExtended = Date.now();
            else held = false;
          },
          () => {}, // Redis away: the next tick tries again, until the ttl runs out.
        );
    }, Math.max(1, Math.floor(ttl / 3)));
    extend.unref?.();
    return {
      get held() {
        return held && Date.now() - lastExtended < ttl;
      },
      release: async () => {
        clearInterval(extend);
        if (!held) {
          this.#handOn(name);
          return;
        }
        held = false;
        try {
          await calls.run(site, "unlock", name, () => this.#options.client().eval(RELEASE, { keys: [key], arguments: [token] }), () => undefined);
        } catch {
          // Redis away: freed when Redis answers again (or by its ttl); the waiters here poll until then.
          this.#orphan(key, token);
        } finally {
          this.#handOn(name);
        }
      },
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
