/**
 * borrowcache's events on `node:diagnostics_channel`, for tools that do not use OpenTelemetry (APMs,
 * loggers, tests). Node-only: it lives in `borrowcache/node` (and the Node main entry), never in the
 * browser or workerd entry. Channel names are in docs/observability.md.
 */
import diagnostics from "node:diagnostics_channel";
import type { LayerEventMap, LayerEventName } from "../runtime/events/layer-events.js";
import { tracedCallName, type LayerProbe, type TracedOperation, type TraceSite } from "../runtime/events/layer-probe.js";
import { attachProbeTo, keyPatternOf, observedModel, type ObservedLayer } from "../runtime/observe/index.js";

/** The channel of each layer event, and of invalidation delays and store calls. */
export const DiagnosticsChannel = {
  hit: "borrowcache:hit",
  miss: "borrowcache:miss",
  load: "borrowcache:load",
  set: "borrowcache:set",
  delete: "borrowcache:delete",
  invalidate: "borrowcache:invalidate",
  evict: "borrowcache:evict",
  queued: "borrowcache:queued",
  delivered: "borrowcache:delivered",
  error: "borrowcache:error",
  /** `{ cache, layer, owner, keyPattern, delayMs, via }` for each target of a write its owner dropped. */
  invalidationDelay: "borrowcache:invalidation-delay",
  /** `{ cache, layer, keyPattern, key?, operation, durationMs, error? }` for each store call that left the process, once settled. */
  store: "borrowcache:store",
} as const satisfies Record<LayerEventName | "invalidationDelay" | "store", string>;

/**
 * The tracing channel of each timed call (`tracing:borrowcache.load:start`, `…:asyncEnd`, …): its
 * context is `{ cache, layer, keyPattern, key?, owner?, operation? }`.
 */
export const DiagnosticsTracingChannel: Readonly<Record<TracedOperation, string>> = tracedCallName;

const EVENTS = Object.keys(DiagnosticsChannel).filter((name) => name !== "invalidationDelay" && name !== "store") as LayerEventName[];

/**
 * Publishes a layer's events on `node:diagnostics_channel`: each layer event on its channel
 * (`borrowcache:hit`, …), each timed call (load, remote read, write, cascade, invalidate, drop, outbox
 * delivery) on a tracing channel, store calls and invalidation delays on theirs. A message names cache,
 * layer and key pattern, and the key only for caches that are not `private`. Nothing is built for a
 * channel nobody subscribed to. Returns the function that stops publishing.
 *
 * @example
 * import diagnostics from "node:diagnostics_channel";
 * import { publishDiagnostics } from "borrowcache/node";
 * const stop = publishDiagnostics(edge);
 * diagnostics.subscribe("borrowcache:miss", (message) => console.log("miss", message));
 */
export function publishDiagnostics(layer: ObservedLayer): () => void {
  const model = observedModel(layer);
  const describeSite = (site: { cache: string; key: string; isPattern?: boolean | undefined }) => {
    const cache = model.caches.get(site.cache);
    return { keyPattern: keyPatternOf(cache, site.key, site.isPattern), key: cache?.private === false ? site.key : undefined };
  };
  const stops = EVENTS.map((event) => {
    const channel = diagnostics.channel(DiagnosticsChannel[event]);
    return layer.on(event, (payload: LayerEventMap[typeof event]) => {
      if (channel.hasSubscribers) channel.publish({ ...payload, ...describeSite(payload) });
    });
  });
  const delays = diagnostics.channel(DiagnosticsChannel.invalidationDelay);
  const stores = diagnostics.channel(DiagnosticsChannel.store);
  const tracing = new Map<TracedOperation, ReturnType<typeof diagnostics.tracingChannel>>();
  const tracingOf = (operation: TracedOperation) => {
    let channel = tracing.get(operation);
    if (!channel) tracing.set(operation, (channel = diagnostics.tracingChannel(DiagnosticsTracingChannel[operation])));
    return channel;
  };
  const contextOf = (site: TraceSite) => ({ cache: site.cache, layer: site.layer, owner: site.owner, operation: site.operation, ...describeSite(site) });
  const probe: LayerProbe = {
    now: () => performance.now(),
    trace<T>(operation: TracedOperation, site: TraceSite, work: () => Promise<T>): Promise<T> {
      const channel = tracingOf(operation);
      if (!channel.start.hasSubscribers && !channel.asyncEnd.hasSubscribers && !channel.error.hasSubscribers) return work();
      return channel.tracePromise(work, contextOf(site));
    },
    storeCall(site, startedAt, done) {
      if (!stores.hasSubscribers) return;
      const publish = (error?: unknown) => stores.publish({ ...contextOf(site), durationMs: performance.now() - startedAt, error });
      done.then(
        () => publish(),
        (error: unknown) => publish(error),
      );
    },
    staleServe: () => undefined, // the hit event says it (stale: true)
    invalidated(delay) {
      if (!delays.hasSubscribers) return;
      const cache = model.caches.get(delay.cache);
      delays.publish({
        cache: delay.cache,
        layer: delay.layer,
        owner: delay.owner,
        keyPattern: keyPatternOf(cache, delay.target, delay.isPattern),
        delayMs: delay.delayMs,
        via: delay.via,
      });
    },
  };
  stops.push(attachProbeTo(layer, probe));
  return () => {
    for (const stop of stops) stop();
  };
}
