/**
 * One recorded operation of a multi-process history: what a worker did, when (one clock for every
 * process on the machine), and what came back. Workers stream these to the parent; the checker
 * reads nothing else. Definitions of every check: docs/consistency-history.md.
 */

/** What an operation did. */
export type OpKind = "read" | "write" | "invalidate" | "increment";

/**
 * `ok`: it resolved. `failed`: it rejected with an error that says nothing was applied. `unknown`: it
 * rejected with `WriteOutcomeUnknownError` (for an increment: every retry with its operation id too),
 * so it may or may not have been applied.
 */
export type Outcome = "ok" | "failed" | "unknown";

/** One operation. Times are milliseconds on the machine's monotonic clock (see `machineNow`). */
export interface HistoryOp {
  /** The worker process that ran it: "w0", "w1"… */
  readonly process: string;
  readonly kind: OpKind;
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly outcome: Outcome;
  /** The error's class, and its cause's when it has one: "StoreError/RedisTimeoutError". */
  readonly error?: string | undefined;
  /**
   * A write: the version it wrote (versions of a key are written in increasing order, one writer per
   * key). A read: the version it returned, -1 when it returned nothing.
   */
  readonly version?: number | undefined;
  /** A read: whether the value it returned was stored by a write (`set`) or by a fill from the database (`load`). */
  readonly via?: "set" | "load" | undefined;
  /**
   * A read: what answered it. `local`: this process's memory tier. `store`: the shared store (Redis):
   * a value set by a write or loaded by another process. `load`: a value this process loaded (this
   * read's own load, one in flight that it joined, or one the shared store held: it cannot tell).
   */
  readonly source?: "local" | "store" | "load" | undefined;
  /** An increment that resolved: the counter value it returned. */
  readonly result?: number | undefined;
  /** An increment: how many `atomicUpdate` calls it took (retries after an unknown outcome reuse its operation id). */
  readonly attempts?: number | undefined;
  /** An increment: how many of its attempts failed waiting for the key's lock (`LockTimeoutError`). */
  readonly lockTimeouts?: number | undefined;
  /** A read made after the workload stopped and every fault healed. */
  readonly final?: boolean | undefined;
}

/**
 * Milliseconds on CLOCK_MONOTONIC (`process.hrtime`), with sub-millisecond precision: the same clock in
 * every process of the machine. `performance.timeOrigin + performance.now()` is comparable across
 * processes only while the wall clock is not adjusted, since each process fixes its `timeOrigin` from
 * the wall clock when it starts.
 *
 * @example
 * const start = machineNow(); await op(); const end = machineNow();
 */
export function machineNow(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
