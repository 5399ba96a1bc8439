/**
 * The events of a layer: a tiny typed emitter (no `node:events`, so layers run in browsers and workerd).
 * Emitting costs one property check when nobody listens, which keeps it off the hit path's bill.
 */

import { ListenerSet } from "./listener-set.js";
import { bothProbes, type LayerProbe } from "./layer-probe.js";

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
  /** An invalidation of `key` whose owner layer `owner` could not be reached was kept in the outbox, to be replayed. */
  queued: LayerEventBase & { readonly owner: string; readonly isPattern: boolean };
  /** A kept invalidation reached its owner layer `owner`. */
  delivered: LayerEventBase & { readonly owner: string; readonly isPattern: boolean };
  error: LayerEventBase & { readonly error: unknown; readonly operation: string };
}

/** One of the event names. */
export type LayerEventName = keyof LayerEventMap;

/** A listener of one event. */
export type LayerListener<TEvent extends LayerEventName> = (event: LayerEventMap[TEvent]) => void;

/**
 * Listeners by event name, one `ListenerSet` each. `listening.hit` etc. are plain booleans the hot path
 * reads before it builds an event object.
 *
 * @example
 * const events = new LayerEvents();
 * events.on("miss", ({ key }) => console.log("miss", key));
 * if (events.listening.miss) events.emit("miss", { key: "user:1", cache: "user_data", layer: "client" });
 */
export class LayerEvents {
  // One set per event; payloads are typed at `on` and `emit`, the sets hold them as `unknown`.
  readonly #sets: Partial<Record<LayerEventName, ListenerSet<[unknown]>>> = {};
  readonly listening: Record<LayerEventName, boolean> = {
    hit: false,
    miss: false,
    load: false,
    set: false,
    delete: false,
    invalidate: false,
    evict: false,
    queued: false,
    delivered: false,
    error: false,
  };

  /** The observers of timed calls (`attachProbe`), as one; `undefined` while none is attached, which is what call sites check. */
  probe: LayerProbe | undefined;
  readonly #probes: LayerProbe[] = [];

  /** Attaches an observer of timed calls; returns the function that detaches it. */
  attachProbe(probe: LayerProbe): () => void {
    this.#probes.push(probe);
    this.probe = this.#probes.reduce(bothProbes);
    return () => {
      const at = this.#probes.indexOf(probe);
      if (at >= 0) this.#probes.splice(at, 1);
      this.probe = this.#probes.length === 0 ? undefined : this.#probes.reduce(bothProbes);
    };
  }

  on<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): () => void {
    (this.#sets[event] ??= new ListenerSet()).add(listener as (payload: unknown) => void);
    this.listening[event] = true;
    return () => this.off(event, listener);
  }

  off<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): void {
    const set = this.#sets[event];
    if (!set) return;
    set.delete(listener as (payload: unknown) => void);
    this.listening[event] = set.active;
  }

  emit<TEvent extends LayerEventName>(event: TEvent, payload: LayerEventMap[TEvent]): void {
    this.#sets[event]?.emit(payload);
  }
}
