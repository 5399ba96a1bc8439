/**
 * What the history's workers run: the manifest of their server layer, the shape of the values, and
 * where the shared database keeps each record.
 */
import { defineManifest } from "../../../src/index.node.js";

/**
 * `records` (`rec:<worker>:<i>`): read by every process, written by one (database first, then `set`),
 * invalidated by any; loaded from the database on a miss. `counters` (`ctr:<i>`): only ever changed
 * by `atomicUpdate` increments from every process. No ttl: a stale copy stays until something drops it.
 */
export const historyApp = defineManifest({
  caches: {
    records: { primary: "server", owns: ["rec:*"], hardTimeout: "2s" },
    counters: { primary: "server", owns: ["ctr:*"], exclusive: true, hardTimeout: "2s" },
  },
});

/** A record's key: `rec:<worker>:<i>`. */
export type RecordKey = `rec:${string}`;

/** A counter's key: `ctr:<i>`. */
export type CounterKey = `ctr:${string}`;

/**
 * A record's value: its version, and whether a write `set` it or a fill loaded it from the database
 * (then which process loaded it: a reader can tell a value it loaded itself from one that only the
 * shared store could have brought it).
 */
export type RecordValue = { readonly v: number; readonly via: "set" } | { readonly v: number; readonly via: "load"; readonly by: string };

/** The database key of a record (on the database's Redis, under the run's namespace). */
export function databaseKey(namespace: string, key: string): string {
  return `${namespace}::db::${key}`;
}
