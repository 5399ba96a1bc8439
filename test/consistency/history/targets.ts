/**
 * The targets of the multi-process histories (issue 12): no acknowledged write lost, no increment lost
 * or doubled, no read older than an acknowledged write in the writer's process (G2) or past the
 * liveness bound in another (G1/G4), staleness p99 ≤ 5 ms with a healthy bus and max ≤ 3 s under any
 * fault (G4), and, when healthy, no process starved of a counter's lock (G5).
 */
import { violations, type HistoryReport } from "./check-history.js";
import type { Scenario } from "./scenarios.js";

/** G4's liveness bound: the longest another process may serve an older value, whatever the fault. */
export const BOUND_MS = 3000;
/** G4 with a healthy bus: the bus latency on loopback. */
export const HEALTHY_P99_MS = 5;

/**
 * Every target `report` misses for `scenario`, one line each (each violation, then the bounds);
 * `processes` is how many processes shared the counters.
 *
 * @example
 * assert.deepEqual(missedTargets(scenario, report, 3), [])
 */
export function missedTargets(scenario: Scenario, report: HistoryReport, processes: number): string[] {
  const missed = violations(report);
  const { staleness } = report.records;
  if (scenario.fault !== "none") {
    if (staleness.max > BOUND_MS) missed.push(`G4: staleness max ${staleness.max.toFixed(0)} ms > ${BOUND_MS} ms under the fault`);
    return missed;
  }
  if (staleness.p99 > HEALTHY_P99_MS) missed.push(`G4: staleness p99 ${staleness.p99.toFixed(1)} ms > ${HEALTHY_P99_MS} ms with a healthy bus`);
  const fair = 1 / processes;
  for (const share of report.counters.shares) {
    if (share.lockTimeouts > 0) missed.push(`G5: ${share.process} timed out ${share.lockTimeouts} times waiting for the counter's lock`);
    if (share.share < fair / 2)
      missed.push(`G5: ${share.process} made ${(share.share * 100).toFixed(0)}% of the increments, under half its fair share of ${(fair * 100).toFixed(0)}%`);
  }
  return missed;
}
