/**
 * What `getWithMeta(key)` returns: the value and what an HTTP cache-status header needs.
 *
 * @example
 * const { value, hit, stale, age } = await client.own("user_data").getWithMeta("user:1")
 */
export interface ReadMeta<TValue> {
  readonly value: TValue | undefined;
  /** A value was found stored at the owner (fresh, or stale within grace). */
  readonly hit: boolean;
  /** Past its ttl, served within grace because the source failed or was slow. */
  readonly stale: boolean;
  /** Milliseconds since the value was stored; `undefined` when nothing was stored. */
  readonly age: number | undefined;
  /** End of freshness (epoch ms); `undefined`: never expires, or nothing stored. */
  readonly expiresAt: number | undefined;
  /** The layer that answered (the owner). */
  readonly layer: string;
}
