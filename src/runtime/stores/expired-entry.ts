import type { StoredEntry } from "../contracts/store.js";

/**
 * An entry as a soft invalidation (`mode: "expire"`) leaves it: stale from `now` (never fresh again),
 * served until `staleUntil` while one refresh runs, marked `expired`. `undefined` when there is
 * nothing left to serve stale (the entry is already past its own grace).
 *
 * @example
 * expiredEntry({ value: 1, storedAt: 0, expiresAt: 60_000 }, 1_000, 31_000)
 * //=> { value: 1, storedAt: 0, expiresAt: 1_000, staleUntil: 31_000, expired: true }
 */
export function expiredEntry(entry: StoredEntry, now: number, staleUntil: number): StoredEntry | undefined {
  const end = entry.staleUntil ?? entry.expiresAt;
  if (end !== undefined && end <= now) return undefined;
  return { ...entry, expiresAt: Math.min(entry.expiresAt ?? now, now), staleUntil, expired: true };
}
