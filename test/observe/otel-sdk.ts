/**
 * The real OpenTelemetry SDK, set up for tests: spans and metrics kept in memory (InMemorySpanExporter,
 * InMemoryMetricExporter), the async-hooks context manager (so a span is active across awaits) and the
 * W3C propagator (so `traceparent` crosses loopback HTTP).
 */
import { context, propagation, type Attributes } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";

let installed = false;

/** Installs the global context manager and propagator once per test process. */
export function installOtelGlobals(): void {
  if (installed) return;
  installed = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/** A tracer provider whose finished spans land in `exporter`. */
export function memoryTracing() {
  installOtelGlobals();
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { tracerProvider, exporter, spans: (): ReadableSpan[] => exporter.getFinishedSpans() };
}

/** A meter provider read on demand (`collect()`), its cumulative points kept in memory. */
export function memoryMetrics() {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    meterProvider,
    /** Collects now; the newest export. */
    collect: async (): Promise<ResourceMetrics> => {
      await reader.forceFlush();
      const all = exporter.getMetrics();
      return all[all.length - 1]!;
    },
    shutdown: () => meterProvider.shutdown(),
  };
}

/** The data points of metric `name` in an export. */
export function pointsOf(metrics: ResourceMetrics, name: string): { attributes: Attributes; value: unknown }[] {
  return metrics.scopeMetrics.flatMap((scope) =>
    scope.metrics.filter((metric) => metric.descriptor.name === name).flatMap((metric) => metric.dataPoints as { attributes: Attributes; value: unknown }[]),
  );
}

/** The span id of a span's parent (SDK 2: `parentSpanContext`). */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
