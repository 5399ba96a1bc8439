/** What `getWithMeta(key)` returns: the value and what an HTTP cache-status header needs. */
export interface ReadMeta {
  readonly value: unknown;
  /** A value was found stored at the owner (fresh, or stale within grace). */
  readonly hit: boolean;
  /** The value is past its ttl, served within grace because the source failed or was slow. */
  readonly stale: boolean;
  /** Milliseconds since the value was stored; `undefined` when nothing was stored. */
  readonly age: number | undefined;
  /** End of freshness (epoch ms); `undefined`: never expires, or nothing stored. */
  readonly expiresAt: number | undefined;
  /** The layer that answered (the owner). */
  readonly layer: string;
}

/**
 * Builds a `ReadMeta` from an owner's answer.
 *
 * @example
 * readMeta({ value: 1, hit: true, stale: false, storedAt: 1000, expiresAt: 2000 }, "edge", 1500)
 * //=> { value: 1, hit: true, stale: false, age: 500, expiresAt: 2000, layer: "edge" }
 */
export function readMeta(
  read: { readonly value: unknown; readonly hit: boolean; readonly stale: boolean; readonly storedAt: number | undefined; readonly expiresAt: number | undefined },
  layer: string,
  now: number,
): ReadMeta {
  return {
    value: read.value,
    hit: read.hit,
    stale: read.stale,
    age: read.storedAt === undefined ? undefined : Math.max(0, now - read.storedAt),
    expiresAt: read.expiresAt,
    layer,
  };
}
