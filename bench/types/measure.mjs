// Runs one compiler over one generated project with --extendedDiagnostics and
// reads back its figures. Shared by run.mjs and test/types/type-cost.test.ts.
import { execFile, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The compilers the benchmark compares, with the flags that make them comparable.
 * TS 7 checks files on 4 checkers in parallel by default, each re-deriving the
 * manifest type for the files it holds, and sums their counts: `--checkers 1`
 * gives one checker, so its instantiation counts compare with 5.9's (parsing
 * stays parallel; `--singleThreaded` would also serialise that).
 *
 * @example
 * BENCH_COMPILERS["7.0"].flags
 * //=> ["--checkers", "1"]
 */
export const BENCH_COMPILERS = {
  5.9: { tsc: "node_modules/typescript/bin/tsc", flags: [] },
  "6.0": { tsc: "node_modules/ts6/bin/tsc", flags: [] },
  "7.0": { tsc: "node_modules/ts7/bin/tsc", flags: ["--checkers", "1"] },
};

/**
 * Type-checks `project` with compiler `ts` and returns tsc's own figures:
 * errors (`errors` in the generated files, `otherErrors` anywhere else in the
 * program, each line as tsc printed it), instantiations, types, check time (s)
 * and memory (MB).
 *
 * @example
 * measureProject("bench/types/.generated/tsconfig.bare-10.json", "5.9")
 * //=> { errors: [], otherErrors: [], instantiations: 27880, types: 17378, checkSeconds: 1.9, memoryMB: 195 }
 */
export function measureProject(project, ts) {
  const run = spawnSync(process.execPath, tscArguments(project, ts), { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return readFigures(`${run.stdout}${run.stderr}`, `tsc ${ts} on ${project} (exit ${run.status})`);
}

/**
 * `measureProject` without blocking, so independent checks can share the cores.
 * Counts are unaffected; times are then not comparable.
 *
 * @example
 * const [bare, rules] = await Promise.all([measureProjectAsync(a, "5.9"), measureProjectAsync(b, "5.9")])
 */
export function measureProjectAsync(project, ts) {
  return new Promise((done, fail) => {
    execFile(process.execPath, tscArguments(project, ts), { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      try {
        done(readFigures(`${stdout}${stderr}`, `tsc ${ts} on ${project} (exit ${error?.code ?? 0})`));
      } catch (failure) {
        fail(failure);
      }
    });
  });
}

function tscArguments(project, ts) {
  const compiler = BENCH_COMPILERS[ts];
  if (!compiler) throw new Error(`no benchmark compiler '${ts}': use one of ${Object.keys(BENCH_COMPILERS).join(", ")}`);
  return [compiler.tsc, "-p", project, "--noEmit", "--pretty", "false", "--extendedDiagnostics", ...compiler.flags];
}

/** Reads --extendedDiagnostics output; tsc prints the figures even when there are errors. */
function readFigures(output, what) {
  const figure = (label) => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(output);
    if (!match) throw new Error(`${what} printed no '${label}':\n${output.slice(-2000)}`);
    return Number(match[1]);
  };
  // A line of its own: continuation lines are indented, and --listFiles is not used here.
  const errorLines = output.split("\n").filter((line) => /^\S.*error TS\d+:/.test(line));
  const generated = (line) => line.startsWith("bench/types/.generated/");
  return {
    errors: errorLines.filter(generated),
    otherErrors: errorLines.filter((line) => !generated(line)),
    instantiations: figure("Instantiations"),
    types: figure("Types"),
    checkSeconds: figure("Check time"),
    memoryMB: Math.round(figure("Memory used") / 1024),
  };
}
