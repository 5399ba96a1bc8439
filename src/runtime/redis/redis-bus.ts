/**
 * `redisBus`: invalidations between the processes of one layer over Redis pub/sub, on one channel per
 * app namespace (`borrowcache:<namespace>:invalidations`). Messages carry keys and patterns, never
 * values. Delivery is at-least-once: a publish that fails (Redis away, or no answer in time) waits in a
 * bounded retry queue (oldest dropped past the bound) and is sent again, in order, when Redis answers.
 *
 * Staleness across processes stays bounded when the subscription fails without a word: every bus
 * pings its channel each `heartbeatMs` and counts anything it hears (its own pings, other buses'
 * pings, invalidations) as proof that its subscription delivers. Nothing heard for `livenessMs`: the
 * bus is `silent`; it tells its subscribers they may have missed messages (`onReconnect`, and
 * `onState`, on which a layer drops its in-process tier and keeps none) and subscribes again on a
 * fresh connection, until something is heard again (`connected`). A lost connection is
 * `reconnecting` until then. Pings never reach subscribers.
 */
import type { BusState, InvalidationBus, InvalidationMessage } from "../contracts/bus.js";
import { connectRedis, type RedisConnection, type RedisTarget } from "./redis-connection.js";
import { RedisCalls } from "./redis-calls.js";
import { CircuitBreaker } from "../faults/circuit-breaker.js";
import { ListenerSet } from "../events/listener-set.js";
import { Heartbeat } from "./redis-bus-heartbeat.js";
import { PeerWatch } from "./redis-bus-peers.js";

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
  /** How often this bus pings its channel while it has subscribers. @default 1000 */
  readonly heartbeatMs?: number;
  /**
   * How long nothing may be heard on the channel before the bus is `silent`: the most an in-process
   * copy can outlive a write whose invalidation the subscription lost. At most 3 s keeps the promise
   * of bounded staleness; the default leaves room for late timers on a busy machine. @default 2500
   */
  readonly livenessMs?: number;
  /**
   * Where the subscriber connects, when not where the publisher does (a URL or cluster nodes): a proxy
   * or a replica in front of the same Redis. @default the bus's target
   */
  readonly subscriber?: string | { readonly url: string } | { readonly cluster: readonly string[] };
  /**
   * How long a peer bus (another process of the namespace) may stay silent before it is presumed gone
   * rather than cut off. While a known peer is silent this bus is `silent` too — that peer's
   * invalidations may be lost — so a peer that crashed without closing suspends in-process copies for
   * this long. @default 4 × livenessMs
   */
  readonly peerExpiryMs?: number;
}

const RECONNECT_SETTLE_MS = 300;

// A ping is no JSON, so a bus that knows no pings drops it as garbled instead of delivering it. It
// carries the bus's id, so the others can tell a peer that went silent; a closing bus says goodbye.
const PING = "~ping:";
const BYE = "~bye:";
/** How often silent peers are looked for: a fraction of the bound, so a silent peer is noticed well within it. */
const PEER_CHECK_DIVISOR = 10;

interface Subscriber {
  readonly onMessage: (message: InvalidationMessage) => void;
  readonly onReconnect: (() => void) | undefined;
}

/**
 * An `InvalidationBus` over Redis pub/sub.
 *
 * @example
 * const bus = redisBus("redis://127.0.0.1:6379", { namespace: "shop" });
 * const store = tieredStore(memoryStore(), redisStore(url, { namespace: "shop" }));
 * const server = createLayer(app, "server", { store, bus, sources: { data_cache: { load: (key: string) => db.load(key), keys: (pattern: string) => db.scan(pattern) } } });
 * bus.onState((state) => console.log(`bus ${state}`)); // "silent" when its subscription hears nothing for 2.5 s
 */
export function redisBus(target: RedisTarget, options: RedisBusOptions = {}): RedisBus {
  return new RedisBus(target, options);
}

/** The bus `redisBus` returns. */
export class RedisBus implements InvalidationBus {
  /** The pub/sub channel of this namespace. */
  readonly channel: string;
  readonly #options: RedisBusOptions;
  readonly #timeoutMs: number;
  readonly #livenessMs: number;
  readonly #publisher: RedisConnection;
  #subscriber: RedisConnection;
  readonly #calls: RedisCalls;
  readonly #subscribers = new Set<Subscriber>();
  readonly #queue: string[] = [];
  readonly #queueSize: number;
  readonly #retryIntervalMs: number;
  readonly #heartbeat: Heartbeat;
  readonly #stateListeners = new ListenerSet<[BusState]>();
  /** This bus's own subscription: heard (`connected`), quiet (`silent`) or down (`reconnecting`). */
  #own: BusState = "reconnecting";
  #state: BusState = "reconnecting";
  readonly #id = globalThis.crypto.randomUUID();
  readonly #peers: PeerWatch;
  #peerCheck: ReturnType<typeof setInterval> | undefined;
  #retryTimer: ReturnType<typeof setInterval> | undefined;
  #flushing = false;
  #subscribed: Promise<void> | undefined;
  #readyCount = 0;
  #closed = false;
  #dropped = 0;
  #pings = 0;

  constructor(target: RedisTarget, options: RedisBusOptions = {}) {
    const namespace = options.namespace ?? "borrowcache";
    this.channel = `borrowcache:${namespace}:invalidations`;
    this.#options = options;
    const timeoutMs = (this.#timeoutMs = options.timeoutMs ?? 1000);
    this.#queueSize = Math.max(1, options.retryQueueSize ?? 10_000);
    this.#retryIntervalMs = Math.max(1, options.retryIntervalMs ?? 200);
    const heartbeatMs = timerMs(options.heartbeatMs ?? 1000);
    const livenessMs = (this.#livenessMs = timerMs(options.livenessMs ?? 2500));
    this.#publisher = connectRedis(target, { timeoutMs });
    this.#calls = new RedisCalls({ timeoutMs, breaker: new CircuitBreaker(), firstConnect: this.#publisher });
    this.#publisher.onReady(() => {
      this.#calls.breaker.reset();
      // Flush a moment after the reconnect, so subscribers that lost their connection too (they
      // reconnect on the same 20–250 ms cadence) are listening again when the queued messages go out.
      if (this.#queue.length > 0) setTimeout(() => void this.#flush(), RECONNECT_SETTLE_MS).unref?.();
    });
    this.#heartbeat = new Heartbeat({ heartbeatMs, livenessMs, ping: () => this.#ping(), onSilence: () => this.#silence() });
    this.#peers = new PeerWatch({
      livenessMs,
      expiryMs: options.peerExpiryMs ?? livenessMs * 4,
      onChange: (anySilent) => {
        // A peer's invalidations may be lost: copies kept here are suspect until it is heard again.
        if (anySilent) this.#tellReconnect();
        this.#publishState();
      },
    });
    this.#subscriber = this.#openSubscriber();
  }

  /**
   * `connected` while the channel is heard; `silent` when nothing was heard for `livenessMs` although
   * the connection looks open; `reconnecting` before the first message and after the connection failed.
   */
  get state(): BusState {
    return this.#state;
  }

  /** Hears every change of `state`; returns the unsubscribe function. */
  onState(listener: (state: BusState) => void): () => void {
    return this.#stateListeners.add(listener);
  }

  /** Pings this bus has sent (for the heartbeat's cost). */
  get pings(): number {
    return this.#pings;
  }

  /** Messages waiting for Redis to come back. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Messages dropped because the retry queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Resolves once the subscriber connection listens on the channel and has heard it (`connected`).
   * Rejects when the first connect fails, or when nothing is heard within `livenessMs`.
   */
  async listening(): Promise<void> {
    this.#heartbeat.start();
    await this.#subscribe();
    if (this.#own === "connected") return;
    const livenessMs = this.#livenessMs;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`✗ redisBus heard nothing on '${this.channel}' within ${livenessMs}ms of subscribing — check that the subscriber reaches the Redis the bus publishes to`));
      }, livenessMs);
      const stop = this.onState(() => {
        if (this.#own !== "connected") return;
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
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
    this.#heartbeat.start();
    void this.#subscribe().catch(() => {});
    return () => {
      this.#subscribers.delete(subscriber);
    };
  }

  /** Closes both connections (destroy: never an argument-less `unsubscribe()`, which hangs on node-redis 5). */
  async close(): Promise<void> {
    if (!this.#closed && this.#heartbeat.running) {
      // Best effort, and quick: the peers then know this bus's silence from now on means nothing.
      await this.#calls.run({ layer: "bus" }, "bye", this.channel, () => this.#publisher.client.publish(this.channel, BYE + this.#id), () => undefined).catch(() => {});
    }
    this.#closed = true;
    this.#stopRetry();
    this.#heartbeat.stop();
    clearInterval(this.#peerCheck);
    this.#peers.clear();
    this.#subscribers.clear();
    this.#stateListeners.clear();
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
    const subscriber = this.#subscriber;
    this.#subscribed ??= subscriber.ready
      .then(() => (subscriber.client as unknown as PubSubClient).subscribe(this.channel, (text) => this.#deliver(subscriber, text)))
      .then(() => {
        // Heard back within one round trip when the path delivers: `connected` needs no wait for the next beat.
        if (subscriber === this.#subscriber) this.#ping();
      })
      .catch((error: unknown) => {
        if (subscriber === this.#subscriber) this.#subscribed = undefined; // Redis was away: the next `ready` subscribes again
        throw error;
      });
    return this.#subscribed;
  }

  // A subscriber connection: its own, or through `options.subscriber`. Events of a replaced one are ignored.
  #openSubscriber(): RedisConnection {
    const { subscriber: target } = this.#options;
    // A subscribed connection can run no other command: pub/sub gets a connection of its own.
    const subscriber = target === undefined ? this.#publisher.duplicate() : connectRedis(target, { timeoutMs: this.#timeoutMs });
    subscriber.onReady(() => {
      if (subscriber === this.#subscriber && !this.#closed) this.#subscriberReady();
    });
    subscriber.onError(() => {
      if (subscriber === this.#subscriber && !this.#closed && this.#own === "connected") this.#setState("reconnecting");
    });
    return subscriber;
  }

  #subscriberReady(): void {
    this.#readyCount++;
    if (!this.#heartbeat.running) return; // nobody listens yet: `subscribe` or `listening` will
    // node-redis subscribes again by itself after a reconnect; if the first subscribe had failed, do it now.
    void this.#subscribe().catch(() => {});
    this.#ping();
    if (this.#readyCount === 1) return; // the first connect is not a reconnect
    this.#tellReconnect();
  }

  // Nothing heard for the liveness bound: the subscription may be dead without a word. Tell the layers
  // (again at each further bound, so no copy kept meanwhile outlives one), and subscribe afresh.
  #silence(): void {
    if (this.#closed) return;
    if (this.#own === "connected") this.#setState("silent");
    this.#tellReconnect();
    const old = this.#subscriber;
    this.#subscriber = this.#openSubscriber();
    this.#subscribed = undefined;
    void old.close();
    void this.#subscribe().catch(() => {});
  }

  #tellReconnect(): void {
    for (const subscriber of [...this.#subscribers]) subscriber.onReconnect?.();
  }

  /** This bus's own subscription changed state. */
  #setState(own: BusState): void {
    this.#own = own;
    this.#publishState();
  }

  // What the layers see: the subscription's state, and `silent` while it is fine but a peer is not.
  #publishState(): void {
    const state = this.#own === "connected" && this.#peers.anySilent ? "silent" : this.#own;
    if (state === this.#state) return;
    this.#state = state;
    this.#stateListeners.emit(state);
  }

  #ping(): void {
    if (this.#closed) return;
    this.#pings++;
    // Never queued for retry: a ping that cannot go out is the silence the heartbeat is there to notice.
    void this.#calls.run({ layer: "bus" }, "ping", this.channel, () => this.#publisher.client.publish(this.channel, PING + this.#id), () => undefined).catch(() => {});
    if (this.#peerCheck === undefined && !this.#closed) {
      this.#peerCheck = setInterval(() => this.#peers.check(), Math.max(1, Math.round(this.#livenessMs / PEER_CHECK_DIVISOR)));
      this.#peerCheck.unref?.();
    }
  }

  #deliver(from: RedisConnection, text: string): void {
    if (from !== this.#subscriber || this.#closed) return;
    this.#heartbeat.heard();
    this.#setState("connected");
    if (text.startsWith(PING)) {
      const peer = text.slice(PING.length);
      if (peer !== this.#id) this.#peers.heard(peer);
      return;
    }
    if (text.startsWith(BYE)) {
      this.#peers.gone(text.slice(BYE.length));
      return;
    }
    const message = parseMessage(text);
    if (!message) return; // not ours, or garbled: an invalidation bus must not crash on input
    for (const subscriber of [...this.#subscribers]) subscriber.onMessage(message);
  }
}

// A timer's delay in whole ms, within what setTimeout accepts (it fires at once past 2^31 - 1).
function timerMs(ms: number): number {
  return Math.min(2 ** 31 - 1, Math.max(1, Math.round(ms)));
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
