/**
 * One stretch of exploration in a process of its own, for `explore-in-test.ts`: node:test tracks the
 * async context of every promise in a test file's process, which makes the layers' promise-heavy runs
 * about 1.6 times as costly there; here they run as they do in an application. Prints one JSON line:
 * what `explore` found, each kind of failure as text.
 *
 *   node --import tsx test/consistency/model/explore-child.ts <count> <seed>
 */
import { explore, printFailure, signatureOf } from "./explore.js";

/** What the child prints. */
export interface ChildReport {
  readonly runs: number;
  readonly steps: number;
  readonly milliseconds: number;
  readonly failing: number;
  readonly fingerprints: readonly number[];
  readonly failures: readonly { readonly kind: string; readonly text: string }[];
}

const [count, seed] = process.argv.slice(2).map(Number);
if (!Number.isInteger(count) || !Number.isInteger(seed)) {
  console.error("✗ usage: explore-child.ts <count> <seed> — both whole numbers");
  process.exit(2);
}
const fingerprints = new Set<number>();
const found = await explore(count!, seed!, { fingerprints });
const report: ChildReport = {
  runs: found.runs,
  steps: found.steps,
  milliseconds: found.milliseconds,
  failing: found.failing,
  fingerprints: [...fingerprints],
  failures: found.failures.map((result) => ({ kind: signatureOf(result), text: printFailure(result, 60) })),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
