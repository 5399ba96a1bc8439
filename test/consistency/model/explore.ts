/**
 * Explores interleavings: runs `count` random programs (seeds `seed`, `seed + 1`, …), each under its
 * own seeded schedule, and collects the runs that broke a guarantee. Each run is one interleaving of
 * one program; `distinct` counts the different (program, interleaving) pairs among them.
 */
import { generateProgram, printProgram, type Program, type ProgramShape } from "./program.js";
import { runProgram, type RunResult } from "./run-program.js";
import type { WorldOptions } from "./world.js";

/** What an exploration found. */
export interface Exploration {
  readonly runs: number;
  readonly distinct: number;
  readonly steps: number;
  readonly milliseconds: number;
  /** How many runs broke a guarantee. */
  readonly failing: number;
  /** The first failing run of each kind of failure (see `signatureOf`), in the order found. */
  readonly failures: readonly RunResult[];
}

/** Options of `explore`. */
export interface ExploreOptions extends WorldOptions {
  readonly shape?: ProgramShape | undefined;
  /** Stop after this many failing runs. @default Infinity: explore them all, keep one run per kind of failure */
  readonly maxFailures?: number | undefined;
  /** Where fingerprints are counted: pass one set to several explorations to count distinct runs across them. */
  readonly fingerprints?: Set<number> | undefined;
  /** Called every `every` runs with the exploration so far. */
  readonly progress?: { readonly every: number; readonly report: (so: Exploration) => void } | undefined;
}

/**
 * Runs `count` programs from `seed` on.
 *
 * @example
 * const found = await explore(1000, 1);
 * found.failures.length //=> 0 on a correct library
 */
export async function explore(count: number, seed: number, options: ExploreOptions = {}): Promise<Exploration> {
  const started = performance.now();
  const fingerprints = options.fingerprints ?? new Set<number>();
  const kinds = new Map<string, RunResult>();
  let steps = 0;
  let runs = 0;
  let failing = 0;
  const so = (): Exploration => ({
    runs,
    distinct: fingerprints.size,
    steps,
    milliseconds: performance.now() - started,
    failing,
    failures: [...kinds.values()],
  });
  for (; runs < count && failing < (options.maxFailures ?? Infinity);) {
    const program = generateProgram((seed + runs) >>> 0, options.shape);
    const result = await runProgram(program, options);
    runs++;
    steps += result.steps;
    fingerprints.add(result.fingerprint);
    if (result.violations.length > 0) {
      failing++;
      const kind = signatureOf(result);
      if (!kinds.has(kind)) kinds.set(kind, result);
    }
    if (options.progress && runs % options.progress.every === 0) options.progress.report(so());
  }
  return so();
}

/**
 * What kind of failure a run shows: for each violation, the guarantee and the kind of call it is about
 * (the write a stale value outlived, the call that failed), so runs that break the same way count once.
 */
export function signatureOf(result: RunResult): string {
  return [...new Set(result.violations.map((violation) => `${violation.guarantee} ${kindOf(violation.message)}`))].sort().join(" + ");
}

function kindOf(message: string): string {
  if (/is still leased/.test(message)) return "(a load left its fill lease)";
  if (/^invalidate\(/.test(message)) return "(invalidate differs by route)";
  if (/ reads .* but .* via /.test(message)) return "(a settled read differs by route)";
  const outlived = /'t\d+#\d+ \S+ (\S+)/.exec(message);
  if (outlived) return `(older than a completed ${outlived[1]!.replace(/^own\./, "")})`;
  const failed = /^t\d+#\d+ \S+ (\S+).* failed/.exec(message);
  return failed ? `(${failed[1]} failed)` : "";
}

/** A failing run as text: the seed that replays it, the program, what broke, and the interleaving. */
export function printFailure(result: RunResult, traceLines = 80): string {
  const trace = result.trace.length > traceLines ? [...result.trace.slice(0, traceLines), `… ${result.trace.length - traceLines} more steps`] : result.trace;
  const generated = printProgram(generateProgram(result.program.seed)) === printProgram(result.program);
  const how =
    generated ? `replay it with replay(${result.program.seed}) (test/consistency/model/explore.ts)` : "a written-out program: replay it by running it again";
  return [
    `✗ ${generated ? `seed ${result.program.seed}` : "program"} breaks ${[...new Set(result.violations.map((violation) => violation.guarantee))].join(", ")} — ${how}`,
    printProgram(result.program),
    ...result.violations.map((violation) => `  ${violation.guarantee}: ${violation.message}`),
    `  interleaving (${result.steps} steps):`,
    ...trace.map((label, index) => `    ${String(index + 1).padStart(3)}. ${label}`),
  ].join("\n");
}

/** Replays the program of `seed` (the same program, the same interleaving). */
export function replay(seed: number, options: ExploreOptions = {}): Promise<RunResult> {
  return runProgram(generateProgram(seed >>> 0, options.shape), options);
}

export type { Program, RunResult };
