import type { BusState, InvalidationBus, InvalidationMessage } from "../contracts/bus.js";
import { ListenerSet } from "../events/listener-set.js";

/** An in-process bus, with switches to play a reconnect or a silent transport in tests. */
export interface MemoryBus extends InvalidationBus {
  /** Tells every subscriber the transport came back, as a real bus does after an outage. */
  reconnect(): void;
  /**
   * Plays the transport's state as a real bus reports it. While not `connected`, published messages are
   * lost (kept in `published`, delivered to nobody), as on a connection that black-holes; turning
   * `silent` also tells subscribers they may have missed messages (`onReconnect`), as `redisBus` does.
   */
  setState(state: BusState): void;
  readonly state: BusState;
  onState(listener: (state: BusState) => void): () => void;
  /** Messages published so far (newest last), for tests and examples. */
  readonly published: readonly InvalidationMessage[];
}

interface Subscriber {
  readonly onMessage: (message: InvalidationMessage) => void;
  readonly onReconnect: (() => void) | undefined;
}

/**
 * The default invalidation bus: delivers every message to every subscriber in this process. Give one
 * `memoryBus()` to several layers of the same name (each with its own store) to play several processes
 * in one; each layer ignores its own messages by `origin`.
 *
 * @example
 * const bus = memoryBus();
 * const sources = { data_cache: { load: (key: string) => db.load(key), keys: (pattern: string) => db.scan(pattern) } };
 * const a = createLayer(app, "server", { sources, bus, processId: "a" });
 * const b = createLayer(app, "server", { sources, bus, processId: "b" });
 * bus.setState("silent"); // b's writes no longer reach a, and a keeps no in-process copies
 * bus.setState("connected");
 */
export function memoryBus(options: { keep?: number } = {}): MemoryBus {
  const keep = options.keep ?? 100;
  const subscribers = new Set<Subscriber>();
  const published: InvalidationMessage[] = [];
  const stateListeners = new ListenerSet<[BusState]>();
  let state: BusState = "connected";
  const tellReconnect = () => {
    for (const subscriber of [...subscribers]) subscriber.onReconnect?.();
  };
  return {
    async publish(message) {
      published.push(message);
      if (published.length > keep) published.shift();
      // Delivered on a microtask, as a real transport would never call back inside publish().
      await Promise.resolve();
      if (state !== "connected") return;
      for (const subscriber of [...subscribers]) subscriber.onMessage(message);
    },
    subscribe(onMessage, onReconnect) {
      const subscriber = { onMessage, onReconnect };
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    reconnect: tellReconnect,
    setState(next) {
      if (next === state) return;
      state = next;
      stateListeners.emit(next);
      if (next === "silent") tellReconnect();
    },
    get state() {
      return state;
    },
    onState(listener) {
      return stateListeners.add(listener);
    },
    get published() {
      return published;
    },
    async close() {
      subscribers.clear();
      stateListeners.clear();
    },
  };
}
