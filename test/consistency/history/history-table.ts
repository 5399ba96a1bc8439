/** The table of the multi-process histories: one row per scenario, the figures the targets are about. */
import type { HistoryReport } from "./check-history.js";

/** One row's input: the scenario's name and what the checker found. */
export interface TableRow {
  readonly name: string;
  readonly report: HistoryReport;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/**
 * A markdown table: operations, acknowledged writes lost, increments lost/extra (and duplicate
 * results), unknown outcomes, reads that break a rule (G1: the shared store answered a value older
 * than an acknowledged write; G2: the writer's process did; G3: a value set by a write reported
 * failed; G4: another process's copy, past the bound), staleness p50/p99/max in ms (and how many
 * acknowledged writes had any older read elsewhere), the increments' split and lock timeouts by process.
 *
 * @example
 * console.log(historyTable([{ name: "healthy", report }]))
 */
export function historyTable(rows: readonly TableRow[]): string {
  const lines = [
    "| scenario | ops | acked writes lost | increments lost / extra (dup) | unknown outcomes | reads breaking G1 / G2 / G3 / G4 | staleness p50 / p99 / max ms (stale writes) | increments by process | lock timeouts by process |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const { name, report } of rows) {
    const { records, counters } = report;
    const sum = (pick: (c: (typeof counters.counters)[number]) => number) => counters.counters.reduce((total, c) => total + pick(c), 0);
    const stale = (rule: string) => records.staleReads.filter((s) => s.rule === rule).length;
    const { p50, p99, max } = records.staleness;
    const shares = counters.shares.map((s) => `${s.process} ${s.acknowledged} (${(s.share * 100).toFixed(0)}%)`).join(", ");
    const timeouts = counters.shares.map((s) => `${s.process} ${s.lockTimeouts}`).join(", ");
    lines.push(
      `| ${name} | ${report.operations} | ${records.lostWrites.length} | ${sum((c) => c.lost)} / ${sum((c) => c.extra)} (${sum((c) => c.duplicates)}) | ${report.unknownOutcomes} | ${stale("G1")} / ${stale("G2")} / ${records.failedButApplied.length} / ${stale("G4")} | ${ms(p50)} / ${ms(p99)} / ${ms(max)} (${records.staleWrites}/${records.acknowledgedWrites}) | ${shares} | ${timeouts} |`,
    );
  }
  return lines.join("\n");
}
