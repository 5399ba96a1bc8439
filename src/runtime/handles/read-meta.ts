import type { ReadMeta as PublicReadMeta } from "../contracts/read-meta.js";

/** What `getWithMeta(key)` returns, with the value's type erased: the public `ReadMeta<T>` with `unknown`. */
export type ReadMeta = PublicReadMeta<unknown>;

/**
 * Builds a `ReadMeta` from an owner's answer.
 *
 * @example
 * readMeta({ value: 1, hit: true, stale: false, storedAt: 1000, expiresAt: 2000 }, "edge", 1500)
 * //=> { value: 1, hit: true, stale: false, age: 500, expiresAt: 2000, layer: "edge" }
 */
export function readMeta(
  read: {
    readonly value: unknown;
    readonly hit: boolean;
    readonly stale: boolean;
    readonly storedAt: number | undefined;
    readonly expiresAt: number | undefined;
  },
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
