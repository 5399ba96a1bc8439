/**
 * The checks of a history's records (keys with one writer that writes the database, then `set`s the
 * cache, in increasing versions; readers in every process): acknowledged writes lost, reads older than
 * an acknowledged write (G1/G2), the staleness window of each write in the other processes (G4),
 * writes reported failed that were applied anyway and values nobody wrote (G3). Pure functions over
 * the recorded operations; definitions in docs/consistency-history.md.
 */
import type { HistoryOp } from "./history-op.js";
import { spread, type Spread } from "./percentile.js";

/**
 * A read that returned a version older than a write acknowledged before the read started, where no
 * rule allows it. `G1`: the shared store answered it — it held an older value after the write (a fill
 * that outlived the write, or a late write), whatever the process and the lag. `G2`: the write's own
 * process read it, whatever the lag. `G4`: another process's memory tier or load, past the bound.
 */
export interface StaleRead {
  readonly rule: "G1" | "G2" | "G4";
  readonly read: HistoryOp;
  /** The earliest-acknowledged such write (the one the read lags most), of the read's process for G2. */
  readonly write: HistoryOp;
  /** From the write's acknowledgement to the read's start. */
  readonly lagMs: number;
}

/** An acknowledged write that is the last write of its key, while every final read returned an older version. */
export interface LostWrite {
  readonly write: HistoryOp;
  readonly finalVersions: readonly number[];
}

/** What `checkRecords` found. */
export interface RecordReport {
  readonly writes: number;
  readonly acknowledgedWrites: number;
  readonly lostWrites: readonly LostWrite[];
  /** Reads older than an acknowledged write that no rule allows (G1, G2, G4), one per read. */
  readonly staleReads: readonly StaleRead[];
  /** Reads of a value `set` by a write that rejected with an error saying it was not applied (G3). */
  readonly failedButApplied: readonly HistoryOp[];
  /** Reads of a version no write had started before the read ended. */
  readonly phantomReads: readonly HistoryOp[];
  /**
   * One per acknowledged write: the time from its acknowledgement to the start of the last read in
   * another process that still returned an older version; 0 when there was none.
   */
  readonly windows: readonly number[];
  readonly staleness: Spread;
  /** Acknowledged writes with at least one older read in another process after their acknowledgement. */
  readonly staleWrites: number;
}

/** Options of the checks. */
export interface CheckOptions {
  /** The longest another process may go on reading an older value after a write's acknowledgement (G4's liveness bound). */
  readonly boundMs: number;
}

/**
 * Checks the records of a history.
 *
 * @example
 * const report = checkRecords(ops, { boundMs: 3000 });
 * report.lostWrites.length //=> 0
 */
export function checkRecords(ops: readonly HistoryOp[], options: CheckOptions): RecordReport {
  const writesByKey = groupByKey(ops.filter((op) => op.kind === "write"));
  for (const writes of writesByKey.values()) writes.sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
  const versionsByKey = new Map([...writesByKey].map(([key, writes]) => [key, new Map(writes.map((write) => [write.version ?? 0, write]))]));
  const reads = ops.filter((op) => op.kind === "read" && op.outcome === "ok");
  const staleReads: StaleRead[] = [];
  const failedButApplied: HistoryOp[] = [];
  const phantomReads: HistoryOp[] = [];
  const windows = new Map<HistoryOp, number>();
  const stale = new Set<HistoryOp>();
  for (const writes of writesByKey.values()) for (const write of writes) if (write.outcome === "ok") windows.set(write, 0);

  for (const read of reads) {
    const version = read.version ?? -1;
    const writes = writesByKey.get(read.key) ?? [];
    const own = versionsByKey.get(read.key)?.get(version);
    if (version > 0 && (own === undefined || own.start > read.end)) phantomReads.push(read);
    if (read.via === "set" && own?.outcome === "failed") failedButApplied.push(read);
    let worst: { write: HistoryOp; lagMs: number } | undefined;
    let worstOwn: { write: HistoryOp; lagMs: number } | undefined;
    // Newest first: only the writes of a higher version than the one read can make it stale.
    for (let i = writes.length - 1; i >= 0 && (writes[i]!.version ?? 0) > version; i--) {
      const write = writes[i]!;
      if (write.outcome !== "ok" || write.end >= read.start) continue;
      const lagMs = read.start - write.end;
      if (!worst || lagMs > worst.lagMs) worst = { write, lagMs };
      if (write.process === read.process) {
        if (!worstOwn || lagMs > worstOwn.lagMs) worstOwn = { write, lagMs };
        continue;
      }
      stale.add(write);
      windows.set(write, Math.max(windows.get(write) ?? 0, lagMs));
    }
    if (!worst) continue;
    if (read.source === "store") staleReads.push({ rule: "G1", read, ...worst });
    else if (worstOwn) staleReads.push({ rule: "G2", read, ...worstOwn });
    else if (worst.lagMs > options.boundMs) staleReads.push({ rule: "G4", read, ...worst });
  }

  const values = [...windows.values()];
  return {
    writes: [...writesByKey.values()].reduce((sum, writes) => sum + writes.length, 0),
    acknowledgedWrites: windows.size,
    lostWrites: lostWrites(writesByKey, ops),
    staleReads,
    failedButApplied,
    phantomReads,
    windows: values,
    staleness: spread(values),
    staleWrites: stale.size,
  };
}

/**
 * An acknowledged write is lost when it is the last write of its key (no write of a higher version
 * was even attempted) and every final read of the key returned an older version.
 */
function lostWrites(writesByKey: ReadonlyMap<string, readonly HistoryOp[]>, ops: readonly HistoryOp[]): LostWrite[] {
  const finals = groupByKey(ops.filter((op) => op.kind === "read" && op.final === true && op.outcome === "ok"));
  const lost: LostWrite[] = [];
  for (const [key, writes] of writesByKey) {
    const last = writes.reduce<HistoryOp | undefined>(
      (top, write) => (top === undefined || (write.version ?? 0) > (top.version ?? 0) ? write : top),
      undefined,
    );
    if (last?.outcome !== "ok") continue;
    const finalVersions = (finals.get(key) ?? []).map((read) => read.version ?? -1);
    if (finalVersions.length > 0 && finalVersions.every((version) => version < (last.version ?? 0))) lost.push({ write: last, finalVersions });
  }
  return lost;
}

function groupByKey(ops: readonly HistoryOp[]): Map<string, HistoryOp[]> {
  const byKey = new Map<string, HistoryOp[]>();
  for (const op of ops) {
    const list = byKey.get(op.key);
    if (list) list.push(op);
    else byKey.set(op.key, [op]);
  }
  return byKey;
}
