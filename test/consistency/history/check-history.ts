/**
 * The checker of a multi-process history (Jepsen's approach: record every operation, then check):
 * the records' checks and the counters' checks, with the counts the table prints.
 */
import type { HistoryOp, OpKind, Outcome } from "./history-op.js";
import { checkRecords, type CheckOptions, type RecordReport } from "./check-records.js";
import { checkCounters, type CounterCheck } from "./check-counters.js";

/** Everything the checker found in one history. */
export interface HistoryReport {
  readonly operations: number;
  /** Operations by kind and outcome. */
  readonly counts: Readonly<Record<OpKind, Readonly<Record<Outcome, number>>>>;
  /** Writes and increments whose outcome was unknown (`WriteOutcomeUnknownError`). */
  readonly unknownOutcomes: number;
  readonly records: RecordReport;
  readonly counters: CounterCheck;
}

/**
 * Checks a history; `finals` are the counters' values read from the store after every worker stopped.
 *
 * @example
 * const report = checkHistory(ops, { "ctr:0": 42 }, { boundMs: 3000 });
 * report.records.lostWrites.length //=> 0
 */
export function checkHistory(ops: readonly HistoryOp[], finals: Readonly<Record<string, number | undefined>>, options: CheckOptions): HistoryReport {
  const counts = { read: tally(), write: tally(), invalidate: tally(), increment: tally() };
  for (const op of ops) counts[op.kind][op.outcome]++;
  return {
    operations: ops.length,
    counts,
    unknownOutcomes: counts.write.unknown + counts.increment.unknown,
    records: checkRecords(ops, options),
    counters: checkCounters(ops, finals),
  };
}

/**
 * The violations of the zero-loss targets, one line each (empty when there are none): acknowledged
 * writes lost, increments lost, applied twice or read twice, reads older than an acknowledged write
 * that no rule allows (G1, G2, G4), failed writes applied (G3), phantom reads.
 *
 * @example
 * assert.deepEqual(violations(report), [])
 */
export function violations(report: HistoryReport): string[] {
  const found: string[] = [];
  const { records, counters } = report;
  for (const { write, finalVersions } of records.lostWrites) {
    found.push(
      `lost write: ${write.process} wrote ${write.key} v${write.version} (acknowledged at ${write.end.toFixed(1)}), final reads ${finalVersions.join(",")}`,
    );
  }
  for (const counter of counters.counters) {
    if (counter.lost > 0 || counter.extra > 0 || counter.duplicates > 0) {
      found.push(
        `counter ${counter.key}: final ${counter.final}, ${counter.acknowledged} acknowledged, ${counter.unknown} unknown → ${counter.lost} lost, ${counter.extra} extra, ${counter.duplicates} duplicate results`,
      );
    }
  }
  const why = { G1: "G1 (the shared store held an older value)", G2: "G2 (after its own write)", G4: "G4 (past the bound)" };
  for (const { rule, read, write, lagMs } of records.staleReads) {
    const what = `v${read.version} (${read.via ?? "nothing"}, from ${read.source ?? "?"})`;
    found.push(
      `${why[rule]}: ${read.process} read ${read.key} ${what} ${lagMs.toFixed(1)} ms after ${write.process}'s v${write.version} was acknowledged${read.final ? " (final read)" : ""}`,
    );
  }
  for (const read of records.failedButApplied) found.push(`G3: ${read.process} read ${read.key} v${read.version}, set by a write that was reported failed`);
  for (const read of records.phantomReads) found.push(`phantom: ${read.process} read ${read.key} v${read.version}, which no write had started`);
  return found;
}

function tally(): Record<Outcome, number> {
  return { ok: 0, failed: 0, unknown: 0 };
}
