// Runs one compiler over one generated project with --extendedDiagnostics and
// reads back its figures. Shared by run.mjs and test/types/type-cost.test.ts.
import { spawnSync } from "node:child_process";
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
  "5.9": { tsc: "node_modules/typescript/bin/tsc", flags: [] },
  "6.0": { tsc: "node_modules/ts6/bin/tsc", flags: [] },
  "7.0": { tsc: "node_modules/ts7/bin/tsc", flags: ["--checkers", "1"] },
};

/**
 * Type-checks `project` with compiler `ts` and returns tsc's own figures:
 * errors (count and the first few lines), instantiations, types, check time (s)
 * and memory (MB).
 *
 * @example
 * measureProject("bench/types/.generated/tsconfig.bare-10.json", "5.9")
 * //=> { errors: 0, errorLines: [], instantiations: 2113, types: 1801, checkSeconds: 0.31, memoryMB: 118 }
 */
export function measureProject(project, ts) {
  const compiler = BENCH_COMPILERS[ts];
  if (!compiler) throw new Error(`no benchmark compiler '${ts}': use one of ${Object.keys(BENCH_COMPILERS).join(", ")}`);
  const run = spawnSync(
    process.execPath,
    [compiler.tsc, "-p", project, "--noEmit", "--pretty", "false", "--extendedDiagnostics", ...compiler.flags],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const output = `${run.stdout}${run.stderr}`;
  const figure = (label) => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(output);
    if (!match) throw new Error(`tsc ${ts} printed no '${label}' for ${project} (exit ${run.status}):\n${output.slice(-2000)}`);
    return Number(match[1]);
  };
  const errorLines = output.split("\n").filter((line) => /error TS\d+:/.test(line));
  return {
    errors: errorLines.length,
    errorLines: errorLines.slice(0, 3),
    instantiations: figure("Instantiations"),
    types: figure("Types"),
    checkSeconds: figure("Check time"),
    memoryMB: Math.round(figure("Memory used") / 1024),
  };
}
