/**
 * `redisBus`: invalidations between the processes of one layer over Redis pub/sub, on one channel per
 * app namespace (`borrowcache:<namespace>:invalidations`). Messages carry keys and patterns, never
 * values. Delivery is at-least-once: a publish that fails (Redis away, or no answer in time) waits in a
 * backlog (`redis-bus-backlog.ts`), and every later one waits behind it until the backlog is sent, in
 * pipelined batches, as soon as Redis answers. The backlog keeps each message once and is bounded;
 * past the bound it folds a cache's messages into one "forget everything of this cache" message rather
 * than drop any. `onBacklog` and `stats()` report it. On a cluster, publishes go through one master
 * whose connection is ready, and move to another when it fails.
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
import { BusBacklog, type BacklogCounters, type BacklogEvent } from "./redis-bus-backlog.js";
import { messageText, parseMessage } from "./redis-bus-wire.js";

/** Options of `redisBus`. */
export interface RedisBusOptions {
  /**
   * The app namespace: processes with the same namespace hear each other, others do not.
   * @default "borrowcache"
   */
  readonly namespace?: string;
  /** Longest a publish may take before it is queued for retry. @default 1000 */
  readonly timeoutMs?: number;
  /**
   * Most messages kept in the backlog (waiting for Redis, or on their way). Past it, the waiting
   * messages of each cache fold into one "forget everything of this cache" message: receivers drop
   * more than they had to, never less (an `overflow` event). @default 10000
   */
  readonly retryQueueSize?: number;
  /**
   * The longest wait before the backlog is tried again after a failed attempt (the waits start at
   * 10 ms and double); a reconnect of the publisher tries at once. @default 200
   */
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

/** The first wait before the backlog is tried again after a failed attempt; it doubles up to `retryIntervalMs`. */
const FIRST_RETRY_MS = 10;

// A ping is no JSON, so a bus that knows no pings drops it as garbled instead of delivering it. It
// carries the bus's id, so the others can tell a peer that went silent; a closing bus says goodbye.
const PING = "~ping:";
const BYE = "~bye:";
/** How often silent peers are looked for: a fraction of the bound, so a silent peer is noticed well within it. */
const PEER_CHECK_DIVISOR = 10;
/** Messages of the backlog sent at once, pipelined on the publisher's connection. */
const BATCH = 1000;

/** What `RedisBus.stats()` reports. */
export interface RedisBusStats extends BacklogCounters {
  readonly state: BusState;
  /** Messages given to `publish` since the bus was made. */
  readonly published: number;
  /** Messages in the backlog now (waiting, or on their way). */
  readonly backlog: number;
  /** How long the oldest message of the backlog has waited, in ms. */
  readonly oldestMs: number;
  readonly pings: number;
  /** Other buses of the namespace heard from. */
  readonly peers: number;
}

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
  readonly #backlog: BusBacklog;
  readonly #backlogListeners = new ListenerSet<[BacklogEvent]>();
  readonly #retryIntervalMs: number;
  readonly #heartbeat: Heartbeat;
  readonly #stateListeners = new ListenerSet<[BusState]>();
  /** This bus's own subscription: heard (`connected`), quiet (`silent`) or down (`reconnecting`). */
  #own: BusState = "reconnecting";
  #state: BusState = "reconnecting";
  readonly #id = globalThis.crypto.randomUUID();
  readonly #peers: PeerWatch;
  #peerCheck: ReturnType<typeof setInterval> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Failed attempts in a row to send the backlog: each doubles the wait before the next. */
  #failedFlushes = 0;
  #flushing = false;
  /** A flush failed: the next attempt waits for the retry timer or a reconnect, not for the next publish. */
  #waitingRetry = false;
  #subscribed: Promise<void> | undefined;
  /** The subscriber connection whose subscription took effect: a `ready` of it after that is a reconnect. */
  #listeningOn: RedisConnection | undefined;
  #closed = false;
  #published = 0;
  #pings = 0;

  constructor(target: RedisTarget, options: RedisBusOptions = {}) {
    const namespace = options.namespace ?? "borrowcache";
    this.channel = `borrowcache:${namespace}:invalidations`;
    this.#options = options;
    const timeoutMs = (this.#timeoutMs = options.timeoutMs ?? 1000);
    this.#backlog = new BusBacklog({ limit: options.retryQueueSize ?? 10_000, onEvent: (event) => this.#backlogListeners.emit(event) });
    this.#retryIntervalMs = Math.max(1, options.retryIntervalMs ?? 200);
    const heartbeatMs = timerMs(options.heartbeatMs ?? 1000);
    const livenessMs = (this.#livenessMs = timerMs(options.livenessMs ?? 2500));
    const publisher = (this.#publisher = connectRedis(target, { timeoutMs }));
    this.#calls = new RedisCalls({ timeoutMs, breaker: new CircuitBreaker(), firstConnect: publisher, onUnavailable: () => publisher.refresh() });
    publisher.onReady(() => {
      this.#calls.breaker.reset();
      // At once: the backlog grows with every write meanwhile. A subscriber that lost its connection too
      // and is not listening yet misses these messages, and drops its whole memory tier at its own reconnect.
      this.#failedFlushes = 0;
      if (this.#backlog.size > 0) this.#retry();
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

  /** Messages in the backlog: waiting for Redis to answer, or on their way. */
  get queued(): number {
    return this.#backlog.size;
  }

  /**
   * Messages not sent one by one because the backlog overflowed: each was folded into a "forget
   * everything of this cache" message, so no receiver keeps a copy it was told to drop.
   */
  get dropped(): number {
    return this.#backlog.counters.folded;
  }

  /** The backlog now: messages in it, and how long the oldest has waited. */
  get backlog(): { readonly queued: number; readonly oldestMs: number } {
    return { queued: this.#backlog.size, oldestMs: this.#backlog.oldestMs() };
  }

  /** Hears the backlog begin (`backlog`), empty (`drained`) and overflow (`overflow`); returns the unsubscribe function. */
  onBacklog(listener: (event: BacklogEvent) => void): () => void {
    return this.#backlogListeners.add(listener);
  }

  /** What the bus has done since it was made, and its backlog now. */
  stats(): RedisBusStats {
    return {
      state: this.#state,
      published: this.#published,
      backlog: this.#backlog.size,
      oldestMs: this.#backlog.oldestMs(),
      pings: this.#pings,
      peers: this.#peers.size,
      ...this.#backlog.counters,
    };
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
        reject(
          new Error(
            `✗ redisBus heard nothing on '${this.channel}' within ${livenessMs}ms of subscribing — check that the subscriber reaches the Redis the bus publishes to`,
          ),
        );
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
    this.#published++;
    const text = messageText(message);
    // While older messages wait, a new one waits behind them, and goes out in their batches.
    if (this.#backlog.size > 0) {
      this.#enqueue(message, text);
      if (!this.#waitingRetry) void this.#flush();
      return;
    }
    try {
      await this.#send(text);
    } catch {
      this.#enqueue(message, text);
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
    // One last try for the backlog; a bus that could not send it says no goodbye, so its peers go on
    // suspecting their copies (its silence) instead of trusting a bus that left messages unsent.
    if (!this.#closed && this.#backlog.size > 0) await this.#flush();
    if (!this.#closed && this.#heartbeat.running && this.#backlog.size === 0) {
      // Best effort, and quick: the peers then know this bus's silence from now on means nothing.
      await this.#calls
        .run(
          { layer: "bus" },
          "bye",
          this.channel,
          () => this.#publisher.publish(this.channel, BYE + this.#id),
          () => undefined,
        )
        .catch(() => {});
    }
    this.#closed = true;
    this.#backlog.clear();
    this.#stopRetry();
    this.#heartbeat.stop();
    clearInterval(this.#peerCheck);
    this.#peers.clear();
    this.#subscribers.clear();
    this.#stateListeners.clear();
    await Promise.all([this.#publisher.close(), this.#subscriber.close()]);
  }

  #send(text: string): Promise<unknown> {
    return this.#calls.run(
      { layer: "bus" },
      "publish",
      this.channel,
      () => this.#publisher.publish(this.channel, text),
      (count) => count,
    );
  }

  #enqueue(message: InvalidationMessage, text: string): void {
    this.#backlog.add(message, text);
    if (!this.#flushing) this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (this.#retryTimer || this.#closed) return;
    const ms = Math.min(this.#retryIntervalMs, FIRST_RETRY_MS * 2 ** this.#failedFlushes);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#retry();
    }, ms);
    this.#retryTimer.unref?.();
  }

  #retry(): void {
    this.#stopRetry();
    this.#waitingRetry = false;
    void this.#flush();
  }

  // Sends the backlog in batches of up to BATCH messages, each batch pipelined (one round trip), until
  // it is empty or a batch fails; then a retry (10 ms, doubling up to retryIntervalMs) or the next
  // reconnect tries again, and publishes meanwhile only join the backlog.
  async #flush(): Promise<void> {
    if (this.#flushing || this.#closed) return;
    this.#flushing = true;
    try {
      for (;;) {
        const batch = this.#backlog.take(BATCH);
        if (batch.length === 0) break;
        const sent = await Promise.all(
          batch.map((entry) =>
            this.#send(entry.text).then(
              () => true,
              () => false,
            ),
          ),
        );
        this.#backlog.settle(batch, sent);
        if (sent.includes(false)) {
          this.#waitingRetry = true;
          this.#failedFlushes = Math.min(this.#failedFlushes + 1, 16);
          this.#flushing = false;
          this.#scheduleRetry();
          return;
        }
      }
      this.#failedFlushes = 0;
      this.#stopRetry();
    } finally {
      this.#flushing = false;
    }
  }

  #stopRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #subscribe(): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscribed ??= subscriber.ready
      .then(() => (subscriber.client as unknown as PubSubClient).subscribe(this.channel, (text) => this.#deliver(subscriber, text)))
      .then(() => {
        if (subscriber === this.#subscriber) this.#listeningOn = subscriber;
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
      if (subscriber === this.#subscriber && !this.#closed) this.#subscriberReady(subscriber);
    });
    subscriber.onError(() => {
      if (subscriber === this.#subscriber && !this.#closed && this.#own === "connected") this.#setState("reconnecting");
    });
    return subscriber;
  }

  // A single Redis reconnected, or on a cluster a node's connection did (or a node joined the map: the
  // pub/sub connection may have moved to it). Once the subscription had taken effect, messages may have
  // been missed meanwhile: the layers drop what they cannot prove fresh, as on a single Redis.
  #subscriberReady(subscriber: RedisConnection): void {
    if (!this.#heartbeat.running) return; // nobody listens yet: `subscribe` or `listening` will
    // node-redis subscribes again by itself after a reconnect; if the first subscribe had failed, do it now.
    void this.#subscribe().catch(() => {});
    this.#ping();
    if (this.#listeningOn === subscriber) this.#tellReconnect();
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
    void this.#calls
      .run(
        { layer: "bus" },
        "ping",
        this.channel,
        () => this.#publisher.publish(this.channel, PING + this.#id),
        () => undefined,
      )
      .catch(() => {});
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
