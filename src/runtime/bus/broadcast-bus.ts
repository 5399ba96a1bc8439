import type { InvalidationBus, InvalidationMessage } from "../contracts/bus.js";

/** Options of `broadcastBus`. */
export interface BroadcastBusOptions {
  /** Opens the channel (a test's, a worker's own). @default (name) => new BroadcastChannel(name) */
  readonly open?: ((channelName: string) => BroadcastChannel) | undefined;
}

interface Subscriber {
  readonly onMessage: (message: InvalidationMessage) => void;
}

/**
 * An `InvalidationBus` between the tabs (and workers) of one origin, over `BroadcastChannel`: a write
 * or invalidation in one tab reaches the client layers of the others, which refresh what they show.
 * Messages carry keys and patterns, never values (the tabs share one IndexedDB: the value is already
 * there). Tabs with the same `name` hear each other; each layer ignores its own messages by `origin`.
 * A channel loses nothing while a tab is open and has no outage to report, so the bus is always
 * `connected`; a tab that was closed reads from IndexedDB when it opens again.
 *
 * @example
 * const client = createLayer(app, "client", { store: idbStore("shop"), bus: broadcastBus("shop"), remotes: { edge } })
 * @throws TypeError when the runtime has no `BroadcastChannel` and no `open` is given
 */
export function broadcastBus(name: string, options: BroadcastBusOptions = {}): InvalidationBus {
  const channelName = `borrowcache:${name}`;
  const open = options.open ?? defaultOpen(name);
  const subscribers = new Set<Subscriber>();
  let channel: BroadcastChannel | undefined;
  let closed = false;

  const deliver = (message: InvalidationMessage): void => {
    for (const subscriber of [...subscribers]) subscriber.onMessage(message);
  };
  // Opened at the first use, so a bus made and never used (a module evaluated during SSR) opens nothing.
  const opened = (): BroadcastChannel => {
    if (channel) return channel;
    const made = open(channelName);
    made.onmessage = (event: MessageEvent<unknown>) => {
      const message = asMessage(event.data);
      if (message) deliver(message);
    };
    // Node keeps a process alive while a channel listens; a tab has no such notion.
    (made as { unref?: () => void }).unref?.();
    channel = made;
    return made;
  };

  return {
    state: "connected",
    async publish(message) {
      if (closed) return;
      const { origin, layer, cache, target, isPattern } = message;
      opened().postMessage({ origin, layer, cache, target, isPattern });
      // A channel never echoes to the instance that posted: other layers of this tab sharing the bus
      // hear it here, on a microtask, as a real transport never calls back inside publish().
      await Promise.resolve();
      deliver(message);
    },
    subscribe(onMessage) {
      const subscriber = { onMessage };
      subscribers.add(subscriber);
      if (!closed) opened();
      return () => subscribers.delete(subscriber);
    },
    async close() {
      closed = true;
      subscribers.clear();
      channel?.close();
      channel = undefined;
    },
  };
}

function defaultOpen(name: string): (channelName: string) => BroadcastChannel {
  if (typeof globalThis.BroadcastChannel !== "function") {
    throw new TypeError(`✗ broadcastBus('${name}') needs BroadcastChannel, which this runtime lacks — give { open } a channel, or use memoryBus() here`);
  }
  return (channelName) => new BroadcastChannel(channelName);
}

/** A message from another tab, checked field by field: the channel is open to any script of the origin. */
function asMessage(data: unknown): InvalidationMessage | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const { origin, layer, cache, target, isPattern } = data as Record<string, unknown>;
  if (typeof origin !== "string" || typeof layer !== "string" || typeof cache !== "string" || typeof target !== "string" || typeof isPattern !== "boolean")
    return undefined;
  return { origin, layer, cache, target, isPattern };
}
