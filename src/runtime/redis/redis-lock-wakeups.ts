/**
 * How a waiting lock poller learns at once that its turn came: whoever frees a lock publishes the
 * token of the queue's new head on the namespace's wake channel, and this process's subscriber wakes
 * the poller with that token. A wake-up is a hint: a lost one costs its poller one poll interval,
 * never its place or the lock's exclusion. The subscriber connection opens at the first wait and
 * stays until `close()`; its subscription wakes every poller once, for what was published before it,
 * and so does each reconnect (of a single Redis, or of a cluster node), for what was published meanwhile.
 */
import type { RedisConnection } from "./redis-connection.js";

/** One poller's side: sleeps until its next poll or its wake-up, whichever comes first. */
export class Waiter {
  /** Set by a wake-up; the poller clears it before each ask, so a wake-up during the ask is not lost. */
  woken = false;
  #resolve: (() => void) | undefined;

  wake(): void {
    this.woken = true;
    this.#resolve?.();
  }

  sleep(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#resolve = done;
    });
  }
}

interface PubSubClient {
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
}

/**
 * The wake channel of one store's locks.
 *
 * @example
 * const wakeups = new LockWakeups(redisStore(url, { namespace: "shop" }).connection, "shop::~lock::~wake");
 * const token = crypto.randomUUID();
 * const waiter = wakeups.waiter(token); // before asking Redis, so a wake-up racing the answer is kept
 * wakeups.listen();
 * try {
 *   await waiter.sleep(250); // until the next poll, or until `token` is published on the wake channel
 * } finally {
 *   wakeups.forget(token);
 * }
 */
export class LockWakeups {
  readonly #source: Pick<RedisConnection, "duplicate"> | undefined;
  readonly #channel: string;
  readonly #waiters = new Map<string, Waiter>();
  #subscriber: RedisConnection | undefined;
  #subscribed: Promise<void> | undefined;
  #closed = false;

  constructor(source: Pick<RedisConnection, "duplicate"> | undefined, channel: string) {
    this.#source = source;
    this.#channel = channel;
  }

  /** The waiter of `token`, woken from now on (once `listen()` has subscribed). */
  waiter(token: string): Waiter {
    let waiter = this.#waiters.get(token);
    if (!waiter) {
      waiter = new Waiter();
      this.#waiters.set(token, waiter);
    }
    return waiter;
  }

  forget(token: string): void {
    this.#waiters.delete(token);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#waiters.clear();
    await this.#subscriber?.close();
  }

  /** Subscribes to the wake channel, at the first wait of this process (a lock never contended costs no connection). */
  listen(): void {
    if (this.#subscribed || this.#closed || !this.#source) return;
    const subscriber = (this.#subscriber ??= this.#source.duplicate());
    let listening = false;
    // A reconnect (of a single Redis, or of a cluster node) may have lost wake-ups: every poller asks again.
    subscriber.onReady(() => {
      if (listening && subscriber === this.#subscriber) for (const waiter of this.#waiters.values()) waiter.wake();
    });
    this.#subscribed = subscriber.ready
      .then(() => (subscriber.client as unknown as PubSubClient).subscribe(this.#channel, (token) => this.#waiters.get(token)?.wake()))
      .then(
        // Whatever was published before the subscription took effect is lost: every poller asks again now.
        () => {
          if (this.#closed) void subscriber.close();
          listening = true;
          for (const waiter of this.#waiters.values()) waiter.wake();
        },
        () => {
          // The first connect failed (Redis away): start over at the next wait; pollers poll meanwhile.
          this.#subscribed = undefined;
          this.#subscriber = undefined;
          void subscriber.close();
        },
      );
  }
}
