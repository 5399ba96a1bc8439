/**
 * A lock shared by every process that uses one Redis, served in about arrival order across processes.
 * The lock itself is `SET key token NX PX ttl` (taken inside a script), freed by compare-and-delete
 * (only the holder's token frees it) and kept by a compare-and-pexpire every third of `ttlMs` while it
 * is held, so a long update keeps it and a dead holder loses it after `ttlMs`.
 *
 * Fairness comes from a queue in Redis next to the lock (`redis-lock-scripts.ts`): a free lock goes
 * only to the head of the queue, and whoever frees it wakes the head through pub/sub, so a waiter in
 * another process is neither outrun by a faster poller nor left sleeping in a back-off.
 *
 * Waiters in one process queue behind each other first, so one of them (the poller) stands in the
 * Redis queue for a name: 500 waiting updates in a process cost one poller, not 500. A holder hands the
 * lock straight to the next waiter in its process (up to 16 times in a row), saving the release and
 * acquire round trips; then it frees the lock in Redis and its next waiter queues again at the tail, so
 * the processes that queued meanwhile take their turns first. A handed-on lock keeps the first
 * holder's `ttlMs`.
 */
import type { KeyLock } from "../contracts/store.js";
import type { RedisCommander, RedisConnection } from "./redis-connection.js";
import type { CallSite, RedisCalls } from "./redis-calls.js";
import type { StoreError } from "../errors.js";
import { runScript } from "./redis-script.js";
import { LOCK_ACQUIRE, LOCK_EXTEND, LOCK_LEAVE, LOCK_RELEASE } from "./redis-lock-scripts.js";
import { LockWakeups } from "./redis-lock-wakeups.js";
import { keyInSlot, keySlot } from "./redis-slot.js";

/** A lock that could not be taken within `waitMs`. Used as the `cause` of a `StoreError`. */
export class LockTimeoutError extends Error {
  static readonly code = "E_LOCK_TIMEOUT";
  override readonly name = "LockTimeoutError";
  constructor(
    readonly lockName: string,
    readonly waitMs: number,
  ) {
    super(`lock '${lockName}' is held by another holder; gave up after waiting ${waitMs}ms`);
  }
}

/** What `RedisLocks` needs from its store. */
export interface RedisLocksOptions {
  readonly client: () => RedisCommander;
  readonly calls: RedisCalls;
  readonly site: CallSite;
  /** Prefix of lock keys, ending in `::`, e.g. `app::~lock::`. */
  readonly prefix: string;
  /**
   * The store's connection: whether it is a cluster (the queue's keys then share the lock key's slot),
   * and a duplicate of it hears wake-ups. Absent: keys are placed for a cluster, and waiters only poll.
   */
  readonly connection?: Pick<RedisConnection, "isCluster" | "duplicate">;
}

/**
 * Hands out Redis locks by name.
 *
 * @example
 * declare const options: RedisLocksOptions; // what a redisStore gives its locks
 * const locks = new RedisLocks(options);
 * const lock = await locks.acquire("update:accounts:account:1", { ttlMs: 5000, waitMs: 10_000 });
 * try {
 *   // the update, excluding every other process that asks for this name
 * } finally {
 *   await lock.release();
 * }
 */
export class RedisLocks {
  readonly #options: RedisLocksOptions;
  readonly #wakeChannel: string;
  readonly #wakeups: LockWakeups;
  // Per name, the in-process waiters behind the current one (FIFO). A name absent: nobody here waits.
  // A waiter is called with the held lock when the holder hands it on, or with nothing (ask Redis),
  // then maybe with the queue token of a poller that gave up, to keep its place.
  readonly #queues = new Map<string, Array<(handed: Held | undefined, token?: string) => void>>();
  // Lock keys this process may hold without knowing it: a take that timed out may still have been
  // applied (Redis paused, then resumed), and a release that failed left its key. Each is freed by
  // compare-and-delete with its token once Redis answers, so it blocks nobody for a whole ttl.
  readonly #orphans = new Map<string, { readonly keys: LockKeys; readonly token: string }>();

  constructor(options: RedisLocksOptions) {
    this.#options = options;
    this.#wakeChannel = `${options.prefix}~wake`;
    this.#wakeups = new LockWakeups(options.connection, this.#wakeChannel);
  }

  /** Waits up to `waitMs` for `name`, then holds it until `release()` or until it cannot be extended. */
  async acquire(name: string, { ttlMs, waitMs }: { ttlMs: number; waitMs: number }): Promise<KeyLock> {
    const deadline = Date.now() + waitMs;
    const turn = await this.#takeTurn(name, deadline, waitMs);
    if (turn.handed) return this.#view(turn.handed);
    const token = turn.token ?? globalThis.crypto.randomUUID();
    const keys = this.#keysOf(name);
    let outcome: KeyLock | WaitedOut;
    try {
      outcome = await this.#takeInRedis(name, keys, token, turn.token !== undefined, ttlMs, deadline, waitMs);
    } catch (error) {
      this.#orphan(keys, token); // the ask's outcome is unknown: it may have taken the lock
      this.#handOn(name);
      throw error;
    }
    if (!(outcome instanceof WaitedOut)) return outcome;
    // Its last ask was answered: the place it holds in the queue (if any) passes to the next waiter here.
    this.#handOn(name, undefined, outcome.queued ? token : undefined);
    throw outcome.error;
  }

  /** Frees the lock keys left by calls whose outcome is unknown (see `#orphans`); quiet on failure. */
  async cleanOrphans(): Promise<void> {
    const { calls, site } = this.#options;
    for (const [lockKey, orphan] of [...this.#orphans]) {
      try {
        await calls.run(
          site,
          "unlock",
          lockKey,
          () => this.#script(LOCK_RELEASE, orphan.keys, [orphan.token, this.#wakeChannel]),
          () => undefined,
          orphan.keys.lock,
        );
        if (this.#orphans.get(lockKey) === orphan) this.#orphans.delete(lockKey);
      } catch {
        return; // still away: try again on the next acquire or reconnect
      }
    }
  }

  /** Stops hearing wake-ups (closes that connection). */
  async close(): Promise<void> {
    await this.#wakeups.close();
  }

  #keysOf(name: string): LockKeys {
    const { prefix, connection } = this.#options;
    const lock = prefix + name;
    // Beside the lock key, never among lock keys: `<namespace>::~lock~queue::<name>` cannot be `<namespace>::~lock::<anything>`.
    const base = prefix.endsWith("::") ? prefix.slice(0, -2) : prefix;
    if (connection && !connection.isCluster) return { lock, queue: `${base}~queue::${name}`, leases: `${base}~leases::${name}` };
    const slot = keySlot(lock);
    return { lock, queue: keyInSlot(`${base}~queue::`, name, slot), leases: keyInSlot(`${base}~leases::`, name, slot) };
  }

  #script(script: typeof LOCK_ACQUIRE, keys: LockKeys, args: string[]): Promise<unknown> {
    return runScript(this.#options.client(), script, { keys: [keys.lock, keys.queue, keys.leases], arguments: args });
  }

  #orphan(keys: LockKeys, token: string): void {
    this.#orphans.delete(keys.lock);
    this.#orphans.set(keys.lock, { keys, token });
    // Bounded: past 1,000 the oldest are left to expire by their ttl.
    if (this.#orphans.size > 1000) this.#orphans.delete(this.#orphans.keys().next().value as string);
  }

  #takeTurn(name: string, deadline: number, waitMs: number): Promise<{ handed?: Held | undefined; token?: string | undefined }> {
    const queue = this.#queues.get(name);
    if (!queue) {
      this.#queues.set(name, []);
      return Promise.resolve({});
    }
    return new Promise((resolve, reject) => {
      const turn = (handed: Held | undefined, token?: string) => {
        clearTimeout(timer);
        resolve({ handed, token });
      };
      const timer = setTimeout(
        () => {
          const index = queue.indexOf(turn);
          if (index !== -1) queue.splice(index, 1);
          reject(this.#options.calls.error(this.#options.site, "lock", name, new LockTimeoutError(name, waitMs)));
        },
        Math.max(0, deadline - Date.now()),
      );
      queue.push(turn);
    });
  }

  // The next waiter here gets the held lock, or asks Redis (keeping `token`'s place in the queue).
  // Nobody left: the place is given up, so the next process in the queue is not kept waiting for it.
  #handOn(name: string, handed?: Held, token?: string): void {
    const queue = this.#queues.get(name);
    const next = queue?.shift();
    if (next) {
      next(handed, token);
      return;
    }
    this.#queues.delete(name);
    if (token) this.#leave(name, token);
  }

  #leave(name: string, token: string): void {
    const { calls, site } = this.#options;
    const keys = this.#keysOf(name);
    void calls
      .run(
        site,
        "unlock",
        name,
        () => this.#script(LOCK_LEAVE, keys, [token, this.#wakeChannel]),
        () => undefined,
        keys.lock,
      )
      .catch(() => {
        // Redis away: the place lapses with its lease.
      });
  }

  async #takeInRedis(
    name: string,
    keys: LockKeys,
    token: string,
    inherited: boolean,
    ttlMs: number,
    deadline: number,
    waitMs: number,
  ): Promise<KeyLock | WaitedOut> {
    const { calls, site } = this.#options;
    const ttl = Math.max(1, Math.ceil(ttlMs));
    // A waiter that stops asking (dead, or stalled past this) loses its place; a dead head thus delays
    // the queue by at most the lock's ttl, and at most 2 s.
    const lease = Math.max(20, Math.min(ttl, 2000));
    // Wake-ups make most turns prompt; polls renew the place and cover a lost wake-up.
    const pollMs = Math.max(5, Math.min(Math.floor(lease / 4), 250));
    if (this.#orphans.size > 0) await this.cleanOrphans();
    const waiter = this.#wakeups.waiter(token);
    let queued = inherited;
    try {
      for (;;) {
        waiter.woken = false;
        const join = deadline > Date.now() ? "1" : "0";
        const reply = await calls.run(
          site,
          "lock",
          name,
          () => this.#script(LOCK_ACQUIRE, keys, [token, String(ttl), String(lease), this.#wakeChannel, join]),
          parseAcquire,
          keys.lock,
        );
        if (reply.taken) return this.#held(name, keys, token, ttl);
        queued ||= reply.place >= 0;
        this.#wakeups.listen();
        const left = deadline - Date.now();
        if (left <= 0) return new WaitedOut(calls.error(site, "lock", name, new LockTimeoutError(name, waitMs)), queued);
        // The head waits for the holder's release, or for its lock to expire (a dead holder).
        const pause = reply.place === 0 && reply.pttl >= 0 ? Math.min(reply.pttl + 1, pollMs) : pollMs;
        await waiter.sleep(Math.min(left, pause));
      }
    } finally {
      this.#wakeups.forget(token);
    }
  }

  #held(name: string, keys: LockKeys, token: string, ttl: number): KeyLock {
    const { calls, site } = this.#options;
    const held: Held = { name, keys, token, ttl, lastExtended: Date.now(), lost: false, handoffs: 0, timer: undefined };
    held.timer = setInterval(
      () => {
        if (Date.now() - held.lastExtended >= ttl) held.lost = true; // could not extend in time: another may hold it now
        if (held.lost) {
          clearInterval(held.timer);
          return;
        }
        calls
          .run(
            site,
            "extend lock",
            name,
            () => runScript(this.#options.client(), LOCK_EXTEND, { keys: [keys.lock], arguments: [token, String(ttl)] }),
            (reply) => reply === 1,
            keys.lock,
          )
          .then(
            (stillOurs) => {
              if (stillOurs) held.lastExtended = Date.now();
              else held.lost = true;
            },
            () => {}, // Redis away: the next tick tries again, until the ttl runs out.
          );
      },
      Math.max(1, Math.floor(ttl / 3)),
    );
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
    // A waiter in this process takes the lock as it is: no release and acquire round trips. Bounded,
    // so that the processes queued in Redis get their turn.
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
      await calls.run(
        site,
        "unlock",
        held.name,
        () => this.#script(LOCK_RELEASE, held.keys, [held.token, this.#wakeChannel]),
        () => undefined,
        held.keys.lock,
      );
    } catch {
      // Redis away: freed when Redis answers again (or by its ttl); the waiters here poll until then.
      this.#orphan(held.keys, held.token);
    } finally {
      this.#handOn(held.name);
    }
  }
}

// Hand-offs in a row within one process before the lock is released in Redis for the others.
const MAX_HANDOFFS = 16;

/** The lock key and its queue's keys (one slot on a cluster). */
interface LockKeys {
  readonly lock: string;
  readonly queue: string;
  readonly leases: string;
}

/** A lock this process holds in Redis, shared by the views handed from holder to holder. */
interface Held {
  readonly name: string;
  readonly keys: LockKeys;
  readonly token: string;
  readonly ttl: number;
  lastExtended: number;
  lost: boolean;
  handoffs: number;
  timer: ReturnType<typeof setInterval> | undefined;
}

// A poller that waited out its `waitMs`: its last ask was answered, so it holds no lock, only maybe a place.
class WaitedOut {
  constructor(
    readonly error: StoreError,
    readonly queued: boolean,
  ) {}
}

function parseAcquire(reply: unknown): { taken: boolean; place: number; pttl: number } {
  const [taken, place, pttl] = reply as [number, number?, number?];
  return { taken: taken === 1, place: place ?? -1, pttl: pttl ?? -2 };
}
