/** The p50/p99/max of a list of milliseconds. */
export interface Spread {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Nearest-rank percentiles (the smallest value with at least p% of the values at or below it); all 0
 * for an empty list.
 *
 * @example
 * spread([1, 2, 3, 4]) //=> { count: 4, p50: 2, p99: 4, max: 4 }
 */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
  return { count: sorted.length, p50: rank(50), p99: rank(99), max: sorted[sorted.length - 1] as number };
}
