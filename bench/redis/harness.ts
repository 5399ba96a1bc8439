/**
 * A small side-by-side benchmark harness: every scenario of a group runs in the same process, in
 * rounds, interleaved, so machine noise hits them alike; the figure that matters is each scenario's
 * ratio to the group's baseline in the same round (median over rounds), as docs/performance.md reports.
 */

/** One scenario: an async operation, run by `concurrency` loops at once. */
export interface Scenario {
  readonly name: string;
  readonly run: () => unknown;
  /** Loops in flight at once. @default 1 */
  readonly concurrency?: number;
}

/** What a group measured. */
export interface GroupResult {
  readonly name: string;
  readonly rows: readonly { readonly name: string; readonly opsPerSec: readonly number[]; readonly medianOps: number; readonly medianRatio: number }[];
}

/** Runs `run` from `concurrency` loops for `ms` milliseconds; returns operations per second. */
export async function opsPerSecond(run: () => unknown, concurrency: number, ms: number): Promise<number> {
  const { ops, seconds } = await measure(run, concurrency, ms);
  return ops / seconds;
}

/** Runs `run` from `concurrency` loops for `ms` milliseconds; returns what it did and how long it took. */
export async function measure(run: () => unknown, concurrency: number, ms: number): Promise<{ ops: number; seconds: number }> {
  let done = 0;
  const end = performance.now() + ms;
  const loop = async () => {
    while (performance.now() < end) {
      // Batches of 16 between clock reads: performance.now() is not free next to a 1 µs operation.
      for (let i = 0; i < 16; i++) await run();
      done += 16;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { ops: done, seconds: (performance.now() - started) / 1000 };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Runs a group: the first scenario is the baseline. Warm-up, then `rounds` rounds; within a round the
 * scenarios take turns in 8 short slices, so a burst of load from elsewhere on the machine lands on
 * all of them rather than on one.
 */
export async function runGroup(name: string, scenarios: readonly Scenario[], { rounds = 5, ms = 400, slices = 8 } = {}): Promise<GroupResult> {
  for (const scenario of scenarios) await opsPerSecond(scenario.run, scenario.concurrency ?? 1, 150);
  const ops = scenarios.map(() => [] as number[]);
  const ratios = scenarios.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    const totals = scenarios.map(() => ({ ops: 0, seconds: 0 }));
    for (let slice = 0; slice < slices; slice++) {
      for (const [i, scenario] of scenarios.entries()) {
        const { ops: done, seconds } = await measure(scenario.run, scenario.concurrency ?? 1, ms / slices);
        totals[i]!.ops += done;
        totals[i]!.seconds += seconds;
      }
    }
    const measured = totals.map((total) => total.ops / total.seconds);
    measured.forEach((value, i) => {
      ops[i]!.push(value);
      ratios[i]!.push(value / measured[0]!);
    });
  }
  return {
    name,
    rows: scenarios.map((scenario, i) => ({ name: scenario.name, opsPerSec: ops[i]!, medianOps: median(ops[i]!), medianRatio: median(ratios[i]!) })),
  };
}

const format = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M`
  : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k`
  : n.toFixed(0);
/** Throughput ratio as "1.00×" when faster or equal, "1/1.23" when slower. */
export const ratio = (r: number): string => (r >= 1 ? `${r.toFixed(2)}×` : `1/${(1 / r).toFixed(2)}`);

/** The group as a Markdown table. */
export function table(result: GroupResult): string {
  const lines = [`### ${result.name}`, "", "| scenario | ops/s per round | median ops/s | vs baseline (median of rounds) |", "| --- | --- | ---: | ---: |"];
  for (const row of result.rows)
    lines.push(`| ${row.name} | ${row.opsPerSec.map(format).join(" / ")} | ${format(row.medianOps)} | **${ratio(row.medianRatio)}** |`);
  return lines.join("\n");
}

/** Percentile `p` (0–100) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
