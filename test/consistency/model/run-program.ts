/**
 * Runs one program on the real layers under the seeded scheduler, records what every call observed and
 * what it wrote, and checks the record against the reference model:
 *
 *   G2  every read (during the program, then once everything settled, then once every grace passed)
 *       is a value the model allows — a stale one only within the grace of an expire;
 *   G1  after everything settled, no stored value is older than the last write of its key (a stale one
 *       only within the grace of an expire);
 *   G6  every call of the program succeeds whatever its route, the same key read after everything
 *       settled gives the same value through the owner, the in-process route and the HTTP route, and
 *       probes of the same invalidation through both routes end the same way (same error, rule, text).
 */
import { printOp, printProgram, type Program } from "./program.js";
import { ReferenceModel, type Observation, type Violation } from "./reference-model.js";
import { describeError, runOp, type RunContext } from "./run-op.js";
import { checkSettled } from "./settled-checks.js";
import { processesOf, World, type WorldOptions } from "./world.js";

/** What one run found. */
export interface RunResult {
  readonly program: Program;
  readonly violations: readonly Violation[];
  /** Scheduled steps taken (the length of the interleaving). */
  readonly steps: number;
  /** A fingerprint of the program and its interleaving, to count distinct interleavings. */
  readonly fingerprint: number;
  readonly trace: readonly string[];
  /** What every read observed, in the order recorded. */
  readonly observations: readonly Observation[];
}

/**
 * Runs `program` and checks it.
 *
 * @example
 * const result = await runProgram(generateProgram(1));
 * result.violations //=> [] on a correct library
 */
export async function runProgram(program: Program, options: WorldOptions = {}): Promise<RunResult> {
  const world = new World(program, options);
  const { scheduler, db } = world;
  scheduler.mixIn(printProgram(program));
  const model = new ReferenceModel(db, () => world.bus.deliveries, processesOf);
  const violations: Violation[] = [];
  const failed = (call: string, route: string, error: unknown) =>
    violations.push({ guarantee: "G6", message: `${call} (via ${route}) failed, though the same call succeeds on every route: ${describeError(error)}` });
  const context: RunContext = { world, model, failed };
  try {
    const threads = program.threads.map(async (ops, thread) => {
      for (const [index, op] of ops.entries()) await runOp(context, op, `t${thread}#${index} ${printOp(op)}`);
    });
    await scheduler.run(Promise.all(threads));
    violations.push(...(await checkSettled(context, program)));
  } catch (error) {
    violations.push({ guarantee: "call", message: `the run itself failed: ${describeError(error)}` });
  } finally {
    await world.close();
  }
  return { program, violations, steps: scheduler.trace.length, fingerprint: scheduler.fingerprint, trace: scheduler.trace, observations: model.observations };
}
