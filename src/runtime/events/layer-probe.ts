/**
 * The hook observers (OpenTelemetry, `node:diagnostics_channel`, live stats) hang on a layer to see the
 * calls that take time: loads, remote reads, store calls that leave the process, cascades, drops at an
 * owner and outbox deliveries, and how long each invalidation took to reach its owner. Nothing here
 * knows OpenTelemetry: a layer without a probe pays one property read per such call.
 */

/** A call a probe can wrap. */
export const TracedOperation = {
  /** The cache's source loading a missed key. */
  load: "load",
  /** A borrowed read sent to the owner layer over a route that is not in this process. */
  remoteRead: "remote-read",
  /** A write (`set`, `delete`, `atomicUpdate`, …) at the owner, cascade included. */
  write: "write",
  /** Carrying out a write's or a manual invalidation's targets, each at its owner. */
  cascade: "cascade",
  /** One target of a cascade sent to its owner (here, or over its route). */
  invalidate: "invalidate",
  /** An invalidation arriving from another layer, dropped by this layer's owner. */
  drop: "drop",
  /** A kept invalidation sent again from the outbox. */
  outboxDelivery: "outbox-delivery",
} as const;
export type TracedOperation = (typeof TracedOperation)[keyof typeof TracedOperation];

/**
 * The name an observer gives each traced call: the OpenTelemetry span name and the
 * `node:diagnostics_channel` tracing channel alike, so a trace and a channel read the same.
 *
 * @example
 * tracedCallName["remote-read"] //=> "borrowcache.remote_read"
 */
export const tracedCallName: Readonly<Record<TracedOperation, string>> = {
  load: "borrowcache.load",
  "remote-read": "borrowcache.remote_read",
  write: "borrowcache.write",
  cascade: "borrowcache.cascade",
  invalidate: "borrowcache.invalidate",
  drop: "borrowcache.drop",
  "outbox-delivery": "borrowcache.outbox_delivery",
};

/** Where a traced call runs: the names an observer may report. `key` is the key or pattern; an observer must not report it for a private cache. */
export interface TraceSite {
  readonly cache: string;
  readonly layer: string;
  readonly key: string;
  /** The layer that owns the target (invalidations, deliveries). */
  readonly owner?: string | undefined;
  /** The store call (`get`, `set`, `lease`, …), for store spans. */
  readonly operation?: string | undefined;
  readonly isPattern?: boolean | undefined;
}

/**
 * How long one target of a write took to be dropped by its owner, measured by the writer's layer: from
 * the moment the writer's store acknowledged the write to the moment the writer learned that the owner
 * had dropped the target (its own drop resolved, the owner's route answered, or the outbox delivered it).
 */
export interface InvalidationDelay {
  /** The cache the target belongs to. */
  readonly cache: string;
  /** The layer that wrote. */
  readonly layer: string;
  /** The layer that owns the target and dropped it. */
  readonly owner: string;
  readonly target: string;
  readonly isPattern: boolean;
  readonly delayMs: number;
  /** `direct`: the cascade reached the owner; `outbox`: a replay did, later. */
  readonly via: "direct" | "outbox";
}

/**
 * An observer of a layer's timed calls. Every method is optional in effect: a probe that does not
 * care returns `work()` as is.
 *
 * @example
 * const probe: LayerProbe = {
 *   now: () => performance.now(),
 *   trace: (operation, site, work) => work(),
 *   storeCall: (site, startedAt, done) => void done.finally(() => console.log(site.operation, performance.now() - startedAt)),
 *   invalidated: ({ cache, owner, delayMs }) => console.log(cache, owner, delayMs),
 *   staleServe: ({ cache }) => console.log("stale", cache),
 * };
 */
export interface LayerProbe {
  /** The probe's time, in ms (monotonic): `startedAt` of `storeCall` is read from it. */
  now(): number;
  /** Runs `work` as one traced call: spans made inside it are its children. */
  trace<T>(operation: TracedOperation, site: TraceSite, work: () => Promise<T>): Promise<T>;
  /** A store call that left the process (it answered with a promise), started at `startedAt` and settled by `done`. */
  storeCall(site: TraceSite, startedAt: number, done: Promise<unknown>): void;
  /** A target of a write reached its owner. */
  invalidated(delay: InvalidationDelay): void;
  /** A read was answered with a value past its ttl (grace): told here so that counting them costs fresh hits nothing. */
  staleServe(site: TraceSite): void;
}

/**
 * Two probes as one: `trace` nests the second inside the first, the others call both.
 *
 * @example
 * declare const otel: LayerProbe, channels: LayerProbe;
 * const probe = bothProbes(otel, channels); // otel's span around the channels' one
 */
export function bothProbes(outer: LayerProbe, inner: LayerProbe): LayerProbe {
  return {
    now: () => outer.now(),
    trace: (operation, site, work) => outer.trace(operation, site, () => inner.trace(operation, site, work)),
    storeCall: (site, startedAt, done) => {
      outer.storeCall(site, startedAt, done);
      inner.storeCall(site, startedAt, done);
    },
    invalidated: (delay) => {
      outer.invalidated(delay);
      inner.invalidated(delay);
    },
    staleServe: (site) => {
      outer.staleServe(site);
      inner.staleServe(site);
    },
  };
}

/** Each layer's `attachProbe`, lent to integrations without a member on the layer's public surface. */
const probeHooks = new WeakMap<object, (probe: LayerProbe) => () => void>();

/**
 * Lends `layer`'s `attachProbe` to integrations (`borrowcache/otel`, `publishDiagnostics`, `watchLayers`).
 *
 * @example
 * import { LayerEvents } from "./layer-events.js";
 * const events = new LayerEvents();
 * const layer = {};
 * lendProbeHook(layer, (probe) => events.attachProbe(probe));
 */
export function lendProbeHook(layer: object, attach: (probe: LayerProbe) => () => void): void {
  probeHooks.set(layer, attach);
}

/** The `attachProbe` a layer lent, if it is a layer `createLayer` made. */
export function probeHookOf(layer: object): ((probe: LayerProbe) => () => void) | undefined {
  return probeHooks.get(layer);
}
