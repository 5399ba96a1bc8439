/**
 * `redisBus`: invalidations between the processes of one layer over Redis pub/sub, on one channel per
 * app namespace (`borrowcache:<namespace>:invalidations`). Messages carry keys and patterns, never
 * values. Delivery is at-least-once: a publish that fails (Redis away, or no answer in time) waits in a
 * bounded retry queue (oldest dropped past the bound) and is sent again, in order, when Redis answers.
 * After the subscriber connection comes back from an outage, `onReconnect` tells the layers they may
 * have missed messages (they then drop their in-process tier).
 */
import type { InvalidationBus, InvalidationMessage } from "../contracts/bus.js";
import { connectRedis, type RedisConnection, type RedisTarget } from "./redis-connection.js";
import { RedisCalls } from "./redis-calls.js";
import { CircuitBreaker } from "../faults/circuit-breaker.js";

/** Options of `redisBus`. */
export interface RedisBusOptions {
  /**
   * The app namespace: processes with the same namespace hear each other, others do not.
   * @default "borrowcache"
   */
  readonly namespace?: string;
  /** Longest a publish may take before it is queued for retry. @default 1000 */
  readonly timeoutMs?: number;
  /** Most messages kept for retry while Redis is away; the oldest go first. @default 10000 */
  readonly retryQueueSize?: number;
  /** How often the retry queue is tried while it is not empty. @default 200 */
  readonly retryIntervalMs?: number;
}

const RECONNECT_SETTLE_MS = 300;

interface Subscriber {
  readonly onMessage: (message: InvalidationMessage) => void;
  readonly onReconnect: (() => void) | undefined;
}

/**
 * An `InvalidationBus` over Redis pub/sub.
 *
 * @example
 * const bus = redisBus("redis://127.0.0.1:6379", { namespace: "shop" });
 * const server = createLayer(app, "server", { store: tieredStore(memoryStore(), redisStore(url, { namespace: "shop" })), bus });
 */
export function redisBus(target: RedisTarget, options: RedisBusOptions = {}): RedisBus {
  return new RedisBus(target, options);
}

/** The bus `redisBus` returns. */
export class RedisBus implements InvalidationBus {
  /** The pub/sub channel of this namespace. */
  readonly channel: string;
  readonly #publisher: RedisConnection;
  readonly #subscriber: RedisConnection;
  readonly #calls: RedisCalls;
  readonly #subscribers = new Set<Subscriber>();
  readonly #queue: string[] = [];
  readonly #queueSize: number;
  readonly #retryIntervalMs: number;
  #retryTimer: ReturnType<typeof setInterval> | undefined;
  #flushing = false;
  #subscribed: Promise<void> | undefined;
  #readyCount = 0;
  #closed = false;
  #dropped = 0;

  constructor(target: RedisTarget, options: RedisBusOptions = {}) {
    const namespace = options.namespace ?? "borrowcache";
    this.channel = `borrowcache:${namespace}:invalidations`;
    const timeoutMs = options.timeoutMs ?? 1000;
    this.#queueSize = Math.max(1, options.retryQueueSize ?? 10_000);
    this.#retryIntervalMs = Math.max(1, options.retryIntervalMs ?? 200);
    this.#publisher = connectRedis(target, { timeoutMs });
    // A subscribed connection can run no other command: pub/sub gets a connection of its own.
    this.#subscriber = this.#publisher.duplicate();
    this.#calls = new RedisCalls({ timeoutMs, breaker: new CircuitBreaker(), firstConnect: this.#publisher });
    this.#publisher.onReady(() => {
      this.#calls.breaker.reset();
      // Flush a moment after the reconnect, so subscribers that lost their connection too (they
      // reconnect on the same 20–250 ms cadence) are listening again when the queued messages go out.
      if (this.#queue.length > 0) setTimeout(() => void this.#flush(), RECONNECT_SETTLE_MS).unref?.();
    });
    this.#subscriber.onReady(() => this.#subscriberReady());
  }

  /** Messages waiting for Redis to come back. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Messages dropped because the retry queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Resolves once the subscriber connection listens on the channel. */
  async listening(): Promise<void> {
    await this.#subscribe();
  }

  async publish(message: InvalidationMessage): Promise<void> {
    if (this.#closed) return;
    const text = JSON.stringify({ origin: message.origin, layer: message.layer, cache: message.cache, target: message.target, isPattern: message.isPattern });
    // Keep order: while older messages wait, a new one waits behind them.
    if (this.#queue.length > 0) {
      this.#enqueue(text);
      void this.#flush();
      return;
    }
    try {
      await this.#send(text);
    } catch {
      this.#enqueue(text);
    }
  }

  subscribe(onMessage: (message: InvalidationMessage) => void, onReconnect?: () => void): () => void {
    const subscriber = { onMessage, onReconnect };
    this.#subscribers.add(subscriber);
    void this.#subscribe().catch(() => {});
    return () => {
      this.#subscribers.delete(subscriber);
    };
  }

  /** Closes both connections (destroy: never an argument-less `unsubscribe()`, which hangs on node-redis 5). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopRetry();
    this.#subscribers.clear();
    await Promise.all([this.#publisher.close(), this.#subscriber.close()]);
  }

  #send(text: string): Promise<unknown> {
    return this.#calls.run({ layer: "bus" }, "publish", this.channel, () => this.#publisher.client.publish(this.channel, text), (count) => count);
  }

  #enqueue(text: string): void {
    // The same invalidation twice in the queue is redundant: keep the later one only.
    const index = this.#queue.indexOf(text);
    if (index !== -1) this.#queue.splice(index, 1);
    this.#queue.push(text);
    while (this.#queue.length > this.#queueSize) {
      this.#queue.shift();
      this.#dropped++;
    }
    if (!this.#retryTimer && !this.#closed) {
      this.#retryTimer = setInterval(() => void this.#flush(), this.#retryIntervalMs);
      this.#retryTimer.unref?.();
    }
  }

  async #flush(): Promise<void> {
    if (this.#flushing || this.#closed) return;
    this.#flushing = true;
    try {
      while (this.#queue.length > 0) {
        const text = this.#queue[0] as string;
        await this.#send(text);
        if (this.#queue[0] === text) this.#queue.shift();
      }
      this.#stopRetry();
    } catch {
      // Still away: the retry timer or the next reconnect tries again.
    } finally {
      this.#flushing = false;
    }
  }

  #stopRetry(): void {
    if (this.#retryTimer) clearInterval(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #subscribe(): Promise<void> {
    this.#subscribed ??= this.#subscriber.ready
      .then(() => (this.#subscriber.client as unknown as PubSubClient).subscribe(this.channel, (text) => this.#deliver(text)))
      .catch((error: unknown) => {
        this.#subscribed = undefined; // Redis was away: the next `ready` subscribes again
        throw error;
      });
    return this.#subscribed;
  }

  #subscriberReady(): void {
    this.#readyCount++;
    if (this.#readyCount === 1) return; // the first connect is not a reconnect
    // node-redis subscribes again by itself after a reconnect; if the first subscribe had failed, do it now.
    void this.#subscribe().catch(() => {});
    for (const subscriber of [...this.#subscribers]) subscriber.onReconnect?.();
  }

  #deliver(text: string): void {
    const message = parseMessage(text);
    if (!message) return; // not ours, or garbled: an invalidation bus must not crash on input
    for (const subscriber of [...this.#subscribers]) subscriber.onMessage(message);
  }
}

interface PubSubClient {
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
}

function parseMessage(text: string): InvalidationMessage | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null) return undefined;
  const { origin, layer, cache, target, isPattern } = data as Record<string, unknown>;
  if (typeof origin !== "string" || typeof layer !== "string" || typeof cache !== "string" || typeof target !== "string" || typeof isPattern !== "boolean") return undefined;
  return { origin, layer, cache, target, isPattern };
}
