/**
 * The reference model: what each cache home may answer, from the history of one program run.
 *
 * A home is one cache's store (each client's `user_data`, the edge's `profile`, the servers' shared
 * `data`). Every write, delete, update and invalidation reaching a key of a home is a *barrier* there,
 * with its interval (start, end), the moment the application had changed the database for it (`after`),
 * and what it lets a later read see: any value the database held at some moment after `after` — for a
 * drop, what the next read loads; for a `set` or an update, its own value (the application wrote it to
 * the database first) or a later one (another writer's, loaded since). A value that stopped being the
 * database's before `after` is older than the write: no read after the write may see it. The manifest's
 * cascades add barriers in other homes: a write of `user:42` is a drop of `profile:42` at the edge,
 * during the write.
 *
 * A read of key k in home h, started at `start` in process P, may return value x when some barrier of
 * (h, k) that started before the read ended allows x and is not *overwritten* for the read — a barrier
 * b is overwritten when another barrier started after b ended and was visible to P before the read
 * started — or, if no barrier was visible yet, any value k ever had. A barrier is visible to the process
 * that ran it when it ends; to another process of a shared home once a bus message about the key,
 * published after the barrier's database change, has reached it (within the bus latency: G4's bound).
 *
 * A soft invalidation (`mode: "expire"` on a cache with `grace`) is a *soft* barrier: the entry stays,
 * marked stale, and is served until its grace ends while one refresh runs. So for a read answered stale
 * (or a read that does not say: `get`, `getMany`, `getOrSet`), a soft barrier neither overwrites the
 * barriers before it nor counts as visible — the stale value may be anything they allowed, never older —
 * until the read starts (on the clock) at least `grace` after the last soft barrier of the key ended
 * (a later expire re-marks a stale entry, extending it). A read answered fresh (`getWithMeta` with
 * `stale: false`, an `atomicUpdate`'s current value, an entry stored fresh after everything settled)
 * is held to a soft barrier as to a drop, and so is every read once grace has passed: then a miss.
 *
 *   G2  a read returning a value no such barrier allows saw something older than a write that completed
 *       before it started (read your writes, also across the in-process and HTTP routes: G6);
 *   G1  after everything settled, each stored value must be allowed for a read that starts then: a value
 *       a load brought after a later write was stored over it, or a value an expire left fresh.
 */
import type { StoredEntry } from "../../../src/index.node.js";
import type { Database, Versioned } from "./database.js";
import { show } from "./database.js";
import type { Delivery } from "./scheduled-bus.js";
import { globMatches } from "./glob-matches.js";
import type { Process } from "./program.js";

/** A write or drop reaching one key of one home. */
export interface Barrier {
  readonly home: string;
  readonly key: string;
  /** `value`: a write of `version` (what a failure names); `fresh`: a drop. Both allow any value current after `after`. */
  readonly allows: "value" | "fresh";
  readonly version?: number | undefined;
  readonly after: number;
  readonly start: number;
  /** Infinity until the call resolved (a call that failed never ends). */
  end: number;
  /** The manual clock (ms) when the call resolved; Infinity until then. */
  clockEnd: number;
  /** A soft barrier (an expire on a cache with grace): how long a value it marked stale may be served. Absent: a hard one. */
  readonly graceMs?: number | undefined;
  /** The process that carried it out (the owner reached). */
  readonly executor: Process;
  /** The call, as the program prints it. */
  readonly call: string;
}

/** A value a call observed. */
export interface Observation {
  readonly home: string;
  readonly key: string;
  /** The process that answered (the owner reached). */
  readonly executor: Process;
  readonly start: number;
  readonly end: number;
  /** The manual clock (ms) when the read started. */
  readonly clock: number;
  /** The answer said it was fresh (true) or stale (false); undefined: the call does not say. */
  readonly fresh?: boolean | undefined;
  readonly value: unknown;
  readonly call: string;
  /** How the caller reached the owner. */
  readonly route: string;
}

/** A read as the model judges it: when, where, and whether its answer said it was fresh. */
interface Read {
  readonly start: number;
  readonly end: number;
  readonly clock: number;
  readonly fresh: boolean | undefined;
  /** Undefined: every barrier counts as visible when it ends (the store's view). */
  readonly process: Process | undefined;
}

/** One broken promise, in words. */
export interface Violation {
  readonly guarantee: "G1" | "G2" | "G6" | "lease" | "call";
  readonly message: string;
}

/**
 * The model of one run.
 *
 * @example
 * const model = new ReferenceModel(db, () => bus.deliveries, processesOf);
 * model.barrier({ home: "server/data", key: "data:1", allows: "fresh", after: 3, start: 2, end: Infinity, clockEnd: Infinity, executor: "s1", call: "s1 invalidate data:1" });
 * model.observe({ home: "server/data", key: "data:1", executor: "s1", start: 9, end: 12, clock: 0, value: { v: 1 }, call: "s1 get data:1", route: "own" });
 * model.check() //=> [{ guarantee: "G2", message: "…" }] if v1 was replaced before the invalidation
 */
export class ReferenceModel {
  readonly barriers: Barrier[] = [];
  readonly observations: Observation[] = [];
  readonly #db: Database;
  readonly #deliveries: () => readonly Delivery[];
  readonly #processesOf: (home: string) => readonly Process[];

  constructor(db: Database, deliveries: () => readonly Delivery[], processesOf: (home: string) => readonly Process[]) {
    this.#db = db;
    this.#deliveries = deliveries;
    this.#processesOf = processesOf;
  }

  barrier(barrier: Barrier): Barrier {
    this.barriers.push(barrier);
    return barrier;
  }

  observe(observation: Observation): void {
    this.observations.push(observation);
  }

  /** Every observation checked (G2, and G6 since routes are not told apart). */
  check(): Violation[] {
    const violations: Violation[] = [];
    for (const observation of this.observations) {
      const { start, end, clock, fresh, executor } = observation;
      const why = this.#refusal(observation.home, observation.key, observation.value, { start, end, clock, fresh, process: executor });
      if (why !== undefined) {
        violations.push({
          guarantee: "G2",
          message: `${observation.call} [t${observation.start}–t${observation.end}, answered by ${observation.executor} via ${observation.route}${staleness(observation.fresh)}] returned ${show(observation.value)} for ${observation.key}: ${why}`,
        });
      }
    }
    return violations;
  }

  /**
   * G1: `stored` is what `home` holds for `key` after everything settled (at `now`, the clock at
   * `clock`): a read starting now may return it — fresh, or stale while it may still be served.
   */
  checkStored(home: string, key: string, stored: StoredEntry | undefined, now: number, clock: number): Violation | undefined {
    if (stored === undefined) return undefined;
    const fresh = stored.expiresAt === undefined || stored.expiresAt > clock;
    if (!fresh && (stored.staleUntil ?? stored.expiresAt) <= clock) return undefined; // past its grace: never served again
    const why = this.#refusal(home, key, stored.value, { start: now, end: now, clock, fresh, process: undefined });
    return why === undefined ? undefined : (
        { guarantee: "G1", message: `after all settled, ${home} stores ${show(stored.value)}${fresh ? "" : " (stale)"} for ${key}: ${why}` }
      );
  }

  /** Whether (home, key) had a soft barrier: its stale values may be served, until grace has passed. */
  hasSoftBarrier(home: string, key: string): boolean {
    return this.barriers.some((barrier) => barrier.home === home && barrier.key === key && barrier.graceMs !== undefined);
  }

  /** Why `value` may not be answered for (home, key) by `read` (undefined: it may). */
  #refusal(home: string, key: string, value: unknown, read: Read): string | undefined {
    const versioned = value as Versioned | undefined;
    if (value !== undefined && (typeof value !== "object" || value === null || typeof (value as Versioned).v !== "number"))
      return "not a value the database ever held";
    if (!this.#db.wasValueOf(key, versioned)) return `it is a value of ${this.#db.keyOf(versioned!.v) ?? "no key"}, not of ${key}`;
    const { start, end } = read;
    const barriers = this.barriers.filter((barrier) => barrier.home === home && barrier.key === key);
    const visible = barriers.map((barrier) => this.#visibleAt(barrier, read.process));
    const binding = this.#binding(barriers, read);
    const holds = (index: number) => visible[index]! < start && binding[index]!;
    const overwrittenBy = (barrier: Barrier): Barrier | undefined => barriers.find((later, index) => barrier.end < later.start && holds(index));
    const anyVisible = barriers.findIndex((_, index) => holds(index));
    if (anyVisible === -1) return undefined; // nothing written yet that this read must see
    const candidates = barriers.filter((barrier) => barrier.start < end && overwrittenBy(barrier) === undefined);
    if (candidates.some((barrier) => this.#allows(barrier, versioned))) return undefined;
    const latest = barriers.filter((_, index) => holds(index)).sort((a, b) => b.end - a.end)[0]!;
    const wanted = latest.allows === "value" ? `v${latest.version} or a later value` : `a value current after t${latest.after}`;
    const others = candidates.filter((barrier) => barrier !== latest).map((barrier) => `${barrier.call} (${describe(barrier)})`);
    const soft =
      latest.graceMs === undefined ? ""
      : read.fresh === true ? " (an expire: a fresh answer must be newer)"
      : " (an expire whose grace had passed)";
    return (
      `'${latest.call}' [t${latest.start}–t${latest.end}, by ${latest.executor}] completed before the read started${soft}, so it must return ${wanted}` +
      (others.length > 0 ? ` or what a concurrent call allows: ${others.join("; ")}` : "")
    );
  }

  /**
   * Which barriers hold `read` to them: every hard one; a soft one only when the answer says it is fresh,
   * or once the read starts `grace` after the last soft barrier of the key ended (a later expire re-marks
   * a stale entry, so a stale value lives until the last one's grace has passed).
   */
  #binding(barriers: readonly Barrier[], read: Read): boolean[] {
    let graceEnds = -Infinity;
    for (const barrier of barriers) {
      if (barrier.graceMs !== undefined && barrier.start < read.end) graceEnds = Math.max(graceEnds, barrier.clockEnd + barrier.graceMs);
    }
    const stalePassed = read.clock >= graceEnds;
    return barriers.map((barrier) => barrier.graceMs === undefined || read.fresh === true || stalePassed);
  }

  /** The write's own value, or any value the database held after the write's change: never an older one. */
  #allows(barrier: Barrier, value: Versioned | undefined): boolean {
    if (barrier.allows === "value" && value?.v === barrier.version) return true;
    return this.#db.currentAfter(barrier.key, value, barrier.after);
  }

  /** When `process` can be held to a barrier: when it ended where it ran; elsewhere once the bus told it. */
  #visibleAt(barrier: Barrier, process: Process | undefined): number {
    if (process === undefined || process === barrier.executor) return barrier.end;
    if (!this.#processesOf(barrier.home).includes(process)) return barrier.end;
    let heard = Infinity;
    for (const delivery of this.#deliveries()) {
      if (delivery.to === process && delivery.publishedAt >= barrier.after && delivery.deliveredAt < heard && covers(delivery, barrier.key))
        heard = delivery.deliveredAt;
    }
    return Math.max(barrier.end, heard);
  }
}

function describe(barrier: Barrier): string {
  return barrier.allows === "value" ? `v${barrier.version} or later` : `current after t${barrier.after}`;
}

/** How a violation names what the answer said of itself. */
function staleness(fresh: boolean | undefined): string {
  return (
    fresh === undefined ? ""
    : fresh ? ", said fresh"
    : ", said stale"
  );
}

/** Whether a bus message is about `key`. */
function covers(delivery: Delivery, key: string): boolean {
  return delivery.isPattern ? globMatches(delivery.target, key) : delivery.target === key;
}
