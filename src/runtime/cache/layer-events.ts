/**
 * The events of a layer: a tiny typed emitter (no `node:events`, so layers run in browsers and workerd).
 * Emitting costs one property check when nobody listens, which keeps it off the hit path's bill.
 */

/** What every event carries. */
export interface LayerEventBase {
  readonly key: string;
  readonly cache: string;
  readonly layer: string;
}

/** Each event's payload. */
export interface LayerEventMap {
  hit: LayerEventBase & { readonly stale: boolean };
  miss: LayerEventBase;
  load: LayerEventBase & { readonly found: boolean };
  set: LayerEventBase;
  delete: LayerEventBase;
  /** `key` is the key or pattern dropped. */
  invalidate: LayerEventBase & { readonly isPattern: boolean; readonly origin: "write" | "manual" | "remote" | "bus" };
  evict: LayerEventBase & { readonly reason: "size" | "expired" };
  error: LayerEventBase & { readonly error: unknown; readonly operation: string };
}

/** One of the event names. */
export type LayerEventName = keyof LayerEventMap;

/** A listener of one event. */
export type LayerListener<TEvent extends LayerEventName> = (event: LayerEventMap[TEvent]) => void;

/**
 * Listeners by event name. `listening.hit` etc. are plain booleans the hot path reads before it builds
 * an event object.
 *
 * @example
 * const events = new LayerEvents();
 * events.on("miss", ({ key }) => console.log("miss", key));
 * if (events.listening.miss) events.emit("miss", { key, cache, layer });
 */
export class LayerEvents {
  readonly #listeners: { [E in LayerEventName]?: Array<LayerListener<E>> } = {};
  readonly listening: Record<LayerEventName, boolean> = {
    hit: false, miss: false, load: false, set: false, delete: false, invalidate: false, evict: false, error: false,
  };

  on<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): () => void {
    const list = (this.#listeners[event] ??= []) as Array<LayerListener<TEvent>>;
    list.push(listener);
    this.listening[event] = true;
    return () => this.off(event, listener);
  }

  off<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): void {
    const list = this.#listeners[event] as Array<LayerListener<TEvent>> | undefined;
    if (!list) return;
    const index = list.indexOf(listener);
    if (index !== -1) list.splice(index, 1);
    this.listening[event] = list.length > 0;
  }

  emit<TEvent extends LayerEventName>(event: TEvent, payload: LayerEventMap[TEvent]): void {
    const list = this.#listeners[event] as Array<LayerListener<TEvent>> | undefined;
    if (!list) return;
    // A throwing listener must not break the cache operation that emitted the event.
    for (const listener of [...list]) {
      try {
        listener(payload);
      } catch {
        // ignored on purpose: observers cannot fail a read or a write
      }
    }
  }
}
