/**
 * Time, as every part of borrowcache reads it: a layer, its stores and `serveLayer` take one `Clock`,
 * so a test moves time by hand (`manualClock()`) instead of sleeping, and every timestamp a user sees
 * (`getWithMeta().age`, the HTTP `Age` header, ttl expiry) comes from the same source.
 */

/** What a layer needs of time: the epoch-millisecond time and timers. `setTimeout` returns a handle for `clearTimeout`. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
