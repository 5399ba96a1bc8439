import type { StoredEntry } from "../contracts/store.js";

/** One read as the owner saw it: what `getWithMeta` and a route's `read` return. */
export interface EngineRead {
  readonly value: unknown;
  readonly hit: boolean;
  readonly stale: boolean;
  readonly storedAt: number | undefined;
  readonly expiresAt: number | undefined;
}

/** A miss with nothing to answer: the source had no value (or there is no source). */
export const NOTHING: EngineRead = Object.freeze({ value: undefined, hit: false, stale: false, storedAt: undefined, expiresAt: undefined });

/**
 * A stored entry as a read answers it.
 *
 * @example
 * readOf({ value: 1, storedAt: 5 }, true) //=> { value: 1, hit: true, stale: false, storedAt: 5, expiresAt: undefined }
 */
export function readOf(entry: StoredEntry, hit: boolean, stale = false): EngineRead {
  return { value: entry.value, hit, stale, storedAt: entry.storedAt, expiresAt: entry.expiresAt };
}

/** A value answered to its reader without being stored (a fill a write overtook, a backfill that failed). */
export function unstored(value: unknown): EngineRead {
  return { value, hit: false, stale: false, storedAt: undefined, expiresAt: undefined };
}
