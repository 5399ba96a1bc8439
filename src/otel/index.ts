/**
 * `borrowcache/otel`: OpenTelemetry for borrowcache layers, through `@opentelemetry/api` (an optional
 * peer dependency: the main entry never loads it). See docs/observability.md for the spans, metrics
 * and attributes.
 *
 * @example
 * import { instrumentLayer } from "borrowcache/otel";
 * const stop = instrumentLayer(server);
 */
export { instrumentLayer, INSTRUMENTATION_SCOPE } from "./instrument-layer.js";
export type { InstrumentLayerOptions } from "./instrument-layer.js";
export { SpanName } from "./otel-probe.js";
export { Attribute } from "./span-attributes.js";
