import { context, SpanKind, SpanStatusCode, type Counter, type Histogram, type Span, type Tracer, type Attributes } from "@opentelemetry/api";
import { tracedCallName, type LayerProbe, type TracedOperation, type TraceSite } from "../runtime/events/layer-probe.js";
import type { ManifestModel } from "../runtime/model/model.js";
import { Attribute, spanAttributes } from "./span-attributes.js";

/** The span name of each traced call (`borrowcache.store.<call>` for store calls). */
export const SpanName: Readonly<Record<TracedOperation, string>> = tracedCallName;

/** What the probe records besides spans. */
export interface OtelProbeInstruments {
  readonly loadDuration: Histogram | undefined;
  readonly invalidationDelay: Histogram | undefined;
  readonly staleServes: Counter | undefined;
}

/**
 * A layer probe that makes OpenTelemetry spans of timed calls and records load times and
 * invalidation delays.
 *
 * @example
 * import { trace } from "@opentelemetry/api";
 * import { modelOf } from "../runtime/model/model-of.js";
 * const probe = otelProbe(trace.getTracer("borrowcache"), modelOf(app), { loadDuration: undefined, invalidationDelay: undefined, staleServes: undefined });
 */
export function otelProbe(tracer: Tracer | undefined, model: ManifestModel, instruments: OtelProbeInstruments): LayerProbe {
  const { loadDuration, invalidationDelay, staleServes } = instruments;
  const labels = new Map<string, Attributes>();
  return {
    now: () => performance.now(),
    trace<T>(operation: TracedOperation, site: TraceSite, work: () => Promise<T>): Promise<T> {
      const startedAt = performance.now();
      const timed =
        operation === "load" && loadDuration !== undefined ?
          () => {
            const done = work();
            done.then(
              () => loadDuration.record(performance.now() - startedAt, metricAttributes(model, site)),
              () => undefined,
            );
            return done;
          }
        : work;
      if (tracer === undefined) return timed();
      const options = { kind: kindOf(operation, site), attributes: spanAttributes(model, site) };
      return tracer.startActiveSpan(SpanName[operation], options, (span) => settle(span, timed()));
    },
    storeCall(site: TraceSite, startedAt: number, done: Promise<unknown>): void {
      if (tracer === undefined) return;
      const span = tracer.startSpan(
        `borrowcache.store.${site.operation ?? "call"}`,
        // The SDK times spans on the wall clock; `startedAt` is a moment ago on the monotonic one.
        { kind: SpanKind.CLIENT, attributes: spanAttributes(model, site), startTime: Date.now() - (performance.now() - startedAt) },
        context.active(),
      );
      void settle(span, done).catch(() => undefined);
    },
    staleServe(site: TraceSite): void {
      if (staleServes === undefined) return;
      let attributes = labels.get(site.cache);
      if (!attributes) labels.set(site.cache, (attributes = { [Attribute.cache]: site.cache, [Attribute.layer]: site.layer }));
      staleServes.add(1, attributes);
    },
    invalidated(delay): void {
      invalidationDelay?.record(delay.delayMs, {
        [Attribute.cache]: delay.cache,
        [Attribute.layer]: delay.layer,
        [Attribute.owner]: delay.owner,
        [Attribute.via]: delay.via,
      });
    },
  };
}

/** Ends `span` when `done` settles, marking a failure as the span's error. */
function settle<T>(span: Span, done: Promise<T>): Promise<T> {
  return done.then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.end();
      throw error;
    },
  );
}

/** A call that leaves for another layer is a client span; a drop asked by another layer, a server span. */
function kindOf(operation: TracedOperation, site: TraceSite): SpanKind {
  if (operation === "remote-read" || operation === "outbox-delivery") return SpanKind.CLIENT;
  if (operation === "invalidate") return site.owner !== undefined && site.owner !== site.layer ? SpanKind.CLIENT : SpanKind.INTERNAL;
  if (operation === "drop") return SpanKind.SERVER;
  return SpanKind.INTERNAL;
}

/** Metrics never carry keys: cache, layer and the key's pattern only. */
function metricAttributes(model: ManifestModel, site: TraceSite) {
  const attributes = spanAttributes(model, site);
  delete attributes[Attribute.key];
  return attributes;
}
