import type { InvalidationBus, InvalidationMessage } from "../contracts/bus.js";

/** An in-process bus, with a switch to play a reconnect in tests. */
export interface MemoryBus extends InvalidationBus {
  /** Tells every subscriber the transport came back, as a real bus does after an outage. */
  reconnect(): void;
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
 * const a = createLayerRuntime(app, "server", { bus, processId: "a" });
 * const b = createLayerRuntime(app, "server", { bus, processId: "b" });
 */
export function memoryBus(options: { keep?: number } = {}): MemoryBus {
  const keep = options.keep ?? 100;
  const subscribers = new Set<Subscriber>();
  const published: InvalidationMessage[] = [];
  return {
    async publish(message) {
      published.push(message);
      if (published.length > keep) published.shift();
      // Delivered on a microtask, as a real transport would never call back inside publish().
      await Promise.resolve();
      for (const subscriber of [...subscribers]) subscriber.onMessage(message);
    },
    subscribe(onMessage, onReconnect) {
      const subscriber = { onMessage, onReconnect };
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    reconnect() {
      for (const subscriber of [...subscribers]) subscriber.onReconnect?.();
    },
    get published() {
      return published;
    },
    async close() {
      subscribers.clear();
    },
  };
}
