import { context, metrics, propagation, trace, type MeterProvider, type TracerProvider } from "@opentelemetry/api";
import { useTraceCarrier, type TraceCarrier } from "../runtime/events/trace-context.js";
import { attachProbeTo, observedModel, type ObservedLayer } from "../runtime/observe/index.js";
import { layerMetrics } from "./layer-metrics.js";
import { otelProbe } from "./otel-probe.js";

/** The instrumentation scope name of borrowcache's tracer and meter. */
export const INSTRUMENTATION_SCOPE = "borrowcache";

/** Options of `instrumentLayer`. */
export interface InstrumentLayerOptions {
  /** Where spans go. @default the global tracer provider (`trace.setGlobalTracerProvider`) */
  readonly tracerProvider?: TracerProvider | undefined;
  /** Where metrics go. @default the global meter provider */
  readonly meterProvider?: MeterProvider | undefined;
  /** `false`: no spans. @default true */
  readonly traces?: boolean | undefined;
  /** `false`: no metrics. @default true */
  readonly metrics?: boolean | undefined;
  /**
   * Carry the trace across HTTP between layers (`remoteLayer` sends the active context through the
   * global propagator — W3C `traceparent` once one is set —, `serveLayer` answers inside it). @default true
   */
  readonly propagate?: boolean | undefined;
}

/**
 * Reports a layer to OpenTelemetry: spans for loads, remote reads, writes and their cascades (each
 * target at its owner), drops asked by other layers, outbox deliveries and store calls that leave the
 * process; metrics for hits, misses, stale serves, loads, evictions, bytes, load time and the
 * invalidation delay of each write's targets. Attributes name the cache, the layer and the key's
 * pattern; the key only for caches that are not `private`, values never. Returns the function that
 * stops reporting.
 *
 * @example
 * import { instrumentLayer } from "borrowcache/otel";
 * import { trace, metrics } from "@opentelemetry/api";
 * const stop = instrumentLayer(server); // the global providers
 * const stopEdge = instrumentLayer(edge, { tracerProvider: trace.getTracerProvider(), meterProvider: metrics.getMeterProvider() });
 */
export function instrumentLayer(layer: ObservedLayer, options: InstrumentLayerOptions = {}): () => void {
  const model = observedModel(layer);
  const tracer = options.traces === false ? undefined : (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE);
  const meter = options.metrics === false ? undefined : (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE);
  const probe = otelProbe(tracer, model, {
    loadDuration: meter?.createHistogram("borrowcache.load.duration", { description: "Time a source took to load a missed key", unit: "ms" }),
    invalidationDelay: meter?.createHistogram("borrowcache.invalidation.delay", {
      description: "From a write acknowledged by its store to the owner of each target having dropped it",
      unit: "ms",
    }),
    staleServes: meter?.createCounter("borrowcache.stale_serves", { description: "Reads answered with a value past its ttl (grace)", unit: "{call}" }),
  });
  const stops = [attachProbeTo(layer, probe)];
  if (meter) stops.push(layerMetrics(meter, layer));
  if (options.propagate !== false && tracer) stops.push(carryTraces());
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    for (const stop of stops.reverse()) stop();
  };
}

/** How many instrumented layers want the trace carried over HTTP: the carrier stays while one does. */
let carriers = 0;

const otelCarrier: TraceCarrier = {
  inject: (headers) => propagation.inject(context.active(), headers),
  extract: (header, work) =>
    context.with(
      propagation.extract(context.active(), header, {
        get: (read, name) => read(name) ?? undefined,
        keys: () => [],
      }),
      work,
    ),
};

function carryTraces(): () => void {
  if (carriers++ === 0) useTraceCarrier(otelCarrier);
  return () => {
    if (--carriers === 0) useTraceCarrier(undefined);
  };
}
