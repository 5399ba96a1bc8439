import type { Clock } from "../contracts/clock.js";
import type { StoredEntry } from "../contracts/store.js";
import { StoreError, WriteOutcomeUnknownError } from "../errors.js";
import { sleep } from "../time/sleep.js";
import type { EntryStore } from "./entry-store.js";
import type { CacheSource } from "./cache-engine.js";
import type { WriteOutcome } from "./write-op.js";

/** How many update ids an entry keeps: enough for any retry loop a caller runs after an unknown outcome. */
const MAX_OPS = 16;

/**
 * Read-modify-write of `key` under a lock on it (the store's shared lock, else this process's): `fn`
 * gets the current value (stored, else loaded, else undefined) and returns the next one; `undefined`
 * deletes the key. A throwing `fn` leaves the old value.
 *
 * G3: the stored value carries the ids of the latest updates that wrote it. An update whose id is
 * already there was applied by an earlier attempt (a retry after an unknown outcome) and is not applied
 * again; an update whose write comes back with an unknown outcome reads the key back to learn it, and
 * only if it cannot tell does the caller get the `WriteOutcomeUnknownError`, with the id to retry with.
 *
 * @example
 * import type { EntryStore } from "./entry-store.js";
 * declare const storage: EntryStore; // the cache's entries on its owner layer
 * await updateAtomically(storage, undefined, systemClock, "account:1", (n) => ((n as number | undefined) ?? 0) + 1, crypto.randomUUID(), () => {})
 * //=> { event: "set", result: 1 }
 */
export async function updateAtomically(
  storage: EntryStore,
  source: CacheSource | undefined,
  clock: Clock,
  key: string,
  fn: (current: unknown) => unknown,
  id: string,
  beforeWrite: () => void,
): Promise<WriteOutcome> {
  const lock = await storage.lock(`update:${storage.cache.name}:${key}`);
  try {
    // Under the lock the shared copy is the truth: this process's own copy (a tiered store's memory tier)
    // may not have heard the last holder's write yet, and an update built on it would roll it back; and
    // a shared copy that cannot be read is a failure, never a miss that would restart the value.
    storage.partition.forgetLocal?.(key);
    const entry = await storage.peek(key);
    if (entry?.ops?.includes(id)) return { event: "set", result: entry.value };
    let current: unknown;
    if (entry !== undefined && storage.isFresh(entry)) current = entry.value;
    else if (source) current = await source.load(key);
    const next = await fn(current);
    // A load that started while this update waited for its lock or ran `fn` must not store what it
    // read over the write that follows: supersede again, right before the write is issued.
    beforeWrite();
    if (next === undefined) {
      await storage.remove(key, "delete");
      return { event: "delete", result: undefined };
    }
    const ops = [...(entry?.ops ?? []), id].slice(-MAX_OPS);
    try {
      return { event: "set", result: await storage.set(key, next, undefined, ops) };
    } catch (error) {
      if (!(error instanceof WriteOutcomeUnknownError)) throw error;
      return { event: "set", result: await readBack(storage, clock, key, id, error) };
    }
  } finally {
    // The update's outcome is decided by its write, not by the release: a release that fails (Redis gone
    // after the write landed) leaves a lock that expires by its ttl, and is reported, never thrown over
    // a write that was applied.
    await lock.release().catch((error: unknown) => storage.reportError(key, error, "unlock"));
  }
}

/**
 * After an update's write came back with an unknown outcome: reads the key until it can tell whether
 * the write landed (its id is in the stored entry) — then the update succeeded — or did not (the old
 * entry is there: a store that refuses late writes, as Redis's guarded set does, will never apply it
 * now) — then it failed, with the store's error. Still unreadable: the caller gets the unknown outcome
 * with the id, so a retry with it cannot apply the update twice.
 */
async function readBack(storage: EntryStore, clock: Clock, key: string, id: string, unknown: WriteOutcomeUnknownError): Promise<unknown> {
  const where = { layer: unknown.layer, store: unknown.store, cache: unknown.cache, key, operation: unknown.operation, cause: unknown.cause };
  for (let attempt = 0; attempt < 3; attempt++) {
    let entry: StoredEntry | undefined;
    try {
      entry = await storage.peek(key);
    } catch {
      await sleep(clock, 50 * (attempt + 1));
      continue;
    }
    if (entry?.ops?.includes(id)) return entry.value;
    throw new StoreError(where);
  }
  throw new WriteOutcomeUnknownError({ ...where, operationId: id });
}
