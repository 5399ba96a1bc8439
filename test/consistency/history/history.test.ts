// Multi-process histories on real Redis, checked like Jepsen (the short version; the long one is
// bench/consistency/history.ts). 3 worker processes, each a server layer on tieredStore(memoryStore,
// redisStore) + redisBus over a private redis-server (append-only, fsync always), run reads, writes
// (database, then set), invalidations and atomicUpdate increments for a few seconds per scenario —
// healthy, Redis paused, Redis killed and restarted, one worker's bus subscriber black-holed, one
// worker's whole bus black-holed — and record every operation. The checker then holds the history to
// the targets (targets.ts): no acknowledged write lost, no increment lost or doubled, no read older
// than an acknowledged write from the shared store (G1), in the writer's process (G2) or elsewhere
// past 3 s (G4), no failed write applied (G3), staleness p99 ≤ 5 ms when healthy and max ≤ 3 s under
// every fault, and, when healthy, no process starved of the counter's lock (G5).
// Definitions: docs/consistency-history.md.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkHistory } from "./check-history.js";
import { historyTable, type TableRow } from "./history-table.js";
import { defaultWorkload, runScenario } from "./run-scenario.js";
import { scenarios } from "./scenarios.js";
import { BOUND_MS, missedTargets } from "./targets.js";

const rows: TableRow[] = [];
after(() => {
  if (rows.length > 0) console.log(`\n${historyTable(rows)}`);
});

describe("multi-process histories on real Redis", () => {
  for (const scenario of scenarios()) {
    it(`${scenario.name}: no acknowledged write or increment lost, staleness within G4's bounds`, async () => {
      const run = await runScenario(scenario, defaultWorkload);
      const report = checkHistory(run.ops, run.finals, { boundMs: BOUND_MS });
      rows.push({ name: scenario.name, report });
      console.log(`${scenario.name}: ${report.operations} operations, ${(run.wallMs / 1000).toFixed(1)} s\n${historyTable([{ name: scenario.name, report }])}`);

      // The history has something to check: every process worked, every kind of operation succeeded,
      // and every process read every record at the end.
      const processes = new Set(run.ops.map((op) => op.process));
      assert.equal(processes.size, defaultWorkload.workers, "every worker recorded operations");
      for (const kind of ["read", "write", "invalidate", "increment"] as const) assert.ok(report.counts[kind].ok > 0, `some ${kind} succeeded`);
      const finalReads = run.ops.filter((op) => op.final === true && op.outcome === "ok").length;
      assert.equal(
        finalReads,
        defaultWorkload.workers * defaultWorkload.workers * defaultWorkload.keysPerWorker,
        "every process read every record after the faults healed",
      );

      const missed = missedTargets(scenario, report, defaultWorkload.workers);
      const shown = missed.length > 25 ? [...missed.slice(0, 20), `… ${missed.length - 25} more …`, ...missed.slice(-5)] : missed;
      assert.equal(missed.length, 0, `${scenario.name}: ${missed.length} targets missed:\n${shown.join("\n")}`);
    });
  }
});
