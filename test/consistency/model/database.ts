/**
 * The source of truth the checked caches load from: a map of versioned values whose whole history is
 * kept — when each value became current and when it stopped being current — so the reference model can
 * say whether a value a read returned was still current after some moment. Every value written is
 * `{ v: n }` with `n` unique across all keys, so a value names its key and its moment.
 */
import type { Scheduler } from "./scheduler.js";

/** A value as the database and the caches hold it. */
export interface Versioned {
  readonly v: number;
}

/** One stretch of a key's history: `version` (undefined: absent) was current from `from` until `to`. */
interface Stretch {
  readonly version: number | undefined;
  readonly from: number;
  to: number;
}

/**
 * The database of one program run.
 *
 * @example
 * const db = new Database(scheduler);
 * db.write("data:1", true) //=> 1 (data:1 now holds { v: 1 })
 * db.currentAfter("data:1", { v: 1 }, 0) //=> true
 */
export class Database {
  readonly #scheduler: Scheduler;
  readonly #history = new Map<string, Stretch[]>();
  readonly #keyOf = new Map<number, string>();
  #next = 1;
  /** How many loads read the database, for the regression cases that wait for one. */
  reads = 0;

  constructor(scheduler: Scheduler) {
    this.#scheduler = scheduler;
  }

  /** Makes `key` hold a new version (`present`) or nothing; returns the version. */
  write(key: string, present: boolean): number | undefined {
    const at = this.#scheduler.now();
    const version = present ? this.#next++ : undefined;
    if (version !== undefined) this.#keyOf.set(version, key);
    const stretches = this.#history.get(key);
    if (stretches === undefined) {
      this.#history.set(key, [
        { version: undefined, from: 0, to: at },
        { version, from: at, to: Infinity },
      ]);
    } else {
      stretches.at(-1)!.to = at;
      stretches.push({ version, from: at, to: Infinity });
    }
    return version;
  }

  /** What `key` holds now. */
  read(key: string): Versioned | undefined {
    const version = this.#history.get(key)?.at(-1)!.version;
    return version === undefined ? undefined : { v: version };
  }

  /** The key a version was written for. */
  keyOf(version: number): string | undefined {
    return this.#keyOf.get(version);
  }

  /**
   * Whether `value` (a value of `key`, or undefined for absent) was current at some moment after `at`:
   * a read that may only see values at least as new as a write started at `at` may return it.
   */
  currentAfter(key: string, value: Versioned | undefined, at: number): boolean {
    const stretches = this.#history.get(key) ?? [{ version: undefined, from: 0, to: Infinity }];
    const version = value?.v;
    return stretches.some((stretch) => stretch.version === version && stretch.to > at);
  }

  /** Whether `value` was ever a value of `key` (absent counts as one). */
  wasValueOf(key: string, value: Versioned | undefined): boolean {
    return value === undefined ? true : this.#keyOf.get(value.v) === key;
  }

  /**
   * A source for a cache: each load reads the database at a point the scheduler picks, then answers at
   * another (a slow load), as a database query would.
   */
  source(): { load(key: string): Promise<Versioned | undefined> } {
    return {
      load: async (key: string) => {
        await this.#scheduler.point(`source read ${key}`, "source");
        this.reads++;
        const value = this.read(key);
        await this.#scheduler.point(`source answer ${key} ${show(value)}`, "source");
        return value;
      },
    };
  }
}

/** A value as a trace shows it. */
export function show(value: unknown): string {
  if (value === undefined) return "∅";
  if (typeof value === "object" && value !== null && "v" in value) return `v${String((value as Versioned).v)}`;
  return JSON.stringify(value);
}
