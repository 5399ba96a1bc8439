/**
 * How a trace crosses HTTP between layers: `remoteLayer` asks for headers to add to each request
 * (W3C `traceparent`, …) and `serveLayer` runs each request inside the context those headers carry.
 * Empty until an integration (`borrowcache/otel`) fills it, so neither side pays anything otherwise.
 */

/** What an integration gives to carry its context over HTTP. */
export interface TraceCarrier {
  /** Adds the active context's headers to `headers`. */
  inject(headers: Record<string, string>): void;
  /** Runs `work` inside the context `header` names (the caller's), or as is when it names none. */
  extract<T>(header: (name: string) => string | null | undefined, work: () => T): T;
}

let carrier: TraceCarrier | undefined;

/**
 * The carrier in use, if any.
 *
 * @example
 * const headers: Record<string, string> = {};
 * traceCarrier()?.inject(headers);
 */
export function traceCarrier(): TraceCarrier | undefined {
  return carrier;
}

/** Sets (or, with `undefined`, removes) the carrier; returns the one it replaced. */
export function useTraceCarrier(next: TraceCarrier | undefined): TraceCarrier | undefined {
  const previous = carrier;
  carrier = next;
  return previous;
}
