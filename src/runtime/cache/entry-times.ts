/** When a value written now stops being fresh, stops being served at all, and how long the store keeps it. */
export interface EntryTimes {
  readonly expiresAt: number | undefined;
  readonly staleUntil: number | undefined;
  /** What the store is told to keep the entry for: ttl + grace; `undefined`: forever. */
  readonly ttlMs: number | undefined;
}

/**
 * The times of an entry stored at `storedAt` with `ttl` and `grace` (ms): one rule for plain values and
 * streamed ones, so both expire and keep their grace alike.
 *
 * @example
 * entryTimes(1000, 60_000, 3_600_000) //=> { expiresAt: 61_000, staleUntil: 3_661_000, ttlMs: 3_660_000 }
 * entryTimes(1000, undefined, undefined) //=> { expiresAt: undefined, staleUntil: undefined, ttlMs: undefined }
 */
export function entryTimes(storedAt: number, ttl: number | undefined, grace: number | undefined): EntryTimes {
  if (ttl === undefined) return { expiresAt: undefined, staleUntil: undefined, ttlMs: undefined };
  const expiresAt = storedAt + ttl;
  return { expiresAt, staleUntil: grace === undefined ? undefined : expiresAt + grace, ttlMs: ttl + (grace ?? 0) };
}
