import { spawn } from "node:child_process";
import { isAbsolute, resolve } from "node:path";
import { compilerVersion, tscPath, type Compiler } from "./compilers.js";
import { matchExpectations, type Problem } from "./match-expectations.js";
import { parseDiagnostics } from "./parse-diagnostics.js";
import { readExpectations } from "./read-expectations.js";

/** What one compiler said about one project, against its `//~` expectations. */
export interface TscResult {
  readonly compiler: Compiler;
  /** Exact version, e.g. `"7.0.2"`. */
  readonly version: string;
  readonly expectations: number;
  readonly diagnostics: number;
  /** Wall-clock time of the whole tsc process. */
  readonly milliseconds: number;
  readonly problems: readonly Problem[];
}

/**
 * Runs one compiler's real `tsc -p <project> --pretty false --noEmit` and checks
 * its errors against the `//~` comments of the files it compiled.
 *
 * `--listFiles` tells us which files those are, so a `//~` in a file outside the
 * program is never silently ignored and none is read twice. If tsc fails
 * without printing a single error (a crash, an out-of-memory), that is a problem too.
 *
 * @example
 * const result = await checkWithTsc({ root: "/repo", compiler: findCompiler("7.0"), project: "type-tests/tsconfig.json" });
 * result.problems.length === 0
 * //=> true when every error was expected and every expectation met
 */
export async function checkWithTsc(options: { root: string; compiler: Compiler; project: string }): Promise<TscResult> {
  const { root, compiler } = options;
  const started = performance.now();
  const run = await runNode(root, [tscPath(root, compiler), "-p", options.project, "--pretty", "false", "--noEmit", "--listFiles"]);
  const milliseconds = Math.round(performance.now() - started);

  const diagnostics = parseDiagnostics(run.stdout, root);
  const sources = run.stdout
    .split(/\r?\n/)
    .filter((line) => isAbsolute(line) && /\.[cm]?tsx?$/.test(line) && !/[/\\]node_modules[/\\]/.test(line))
    .map((line) => resolve(line));
  const expectations = [...new Set(sources)].flatMap(readExpectations);
  const problems: Problem[] = matchExpectations(expectations, diagnostics);
  if (run.code !== 0 && diagnostics.length === 0) {
    const said = `${run.stderr}${run.stdout}`.trim().split("\n").slice(-5).join("\n");
    problems.push({
      kind: "stray",
      diagnostic: { file: undefined, line: 0, column: 0, code: "exit", message: `tsc exited with ${run.code} and no errors: ${said}` },
    });
  }
  return {
    compiler,
    version: compilerVersion(root, compiler),
    expectations: expectations.length,
    diagnostics: diagnostics.length,
    milliseconds,
    problems,
  };
}

/** Runs `node <args>` in `cwd`, collecting both streams; resolves whatever the exit code. */
function runNode(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}
