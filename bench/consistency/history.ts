/**
 * Multi-process histories on real Redis, checked like Jepsen (record every operation, then check), the
 * long version: each scenario runs `seconds` (default 20) with its fault repeated through it, then the
 * table of lost writes, lost or doubled increments, unknown outcomes, stale reads and the staleness
 * window (p50/p99/max from a write's acknowledgement to the last older read in another process), and
 * the increments' split by process. Definitions: docs/consistency-history.md.
 *
 *   node --import tsx bench/consistency/history.ts [seconds] [scenario-substring]
 */
import { checkHistory } from "../../test/consistency/history/check-history.js";
import { historyTable, type TableRow } from "../../test/consistency/history/history-table.js";
import { defaultWorkload, runScenario } from "../../test/consistency/history/run-scenario.js";
import { scenarios } from "../../test/consistency/history/scenarios.js";
import { BOUND_MS, missedTargets } from "../../test/consistency/history/targets.js";

const seconds = Number(process.argv[2] ?? 20);
const only = process.argv[3];

const rows: TableRow[] = [];
for (const scenario of scenarios(seconds)) {
  if (only && !scenario.name.includes(only)) continue;
  const run = await runScenario(scenario, defaultWorkload);
  const report = checkHistory(run.ops, run.finals, { boundMs: BOUND_MS });
  rows.push({ name: scenario.name, report });
  const found = missedTargets(scenario, report, defaultWorkload.workers);
  console.log(
    `${scenario.name}: ${report.operations} operations in ${(run.wallMs / 1000).toFixed(1)} s, ${found.length ? "targets missed:" : "every target met"}`,
  );
  for (const line of found.slice(0, 10)) console.log(`  ${line}`);
  if (found.length > 10) console.log(`  … ${found.length - 10} more`);
}
console.log(`\n${defaultWorkload.workers} processes, ${seconds} s per scenario, staleness bound ${BOUND_MS} ms\n`);
console.log(historyTable(rows));
