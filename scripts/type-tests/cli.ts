// `npm run test:types`: every type test under every supported TypeScript, then tsd.
//
//   node --import tsx scripts/type-tests/cli.ts [--ts 5.9,7.0] [--project <tsconfig>] [--no-tsd]
//
// Exits 1 if any compiler disagrees with a `//~` comment or tsd finds a problem.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { COMPILERS, findCompiler } from "./compilers.js";
import { formatProblem } from "./format-problems.js";
import { checkWithTsc } from "./run-tsc.js";
import { checkWithTsd } from "./run-tsd.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    ts: { type: "string" },
    project: { type: "string", default: "type-tests/tsconfig.json" },
    "no-tsd": { type: "boolean", default: false },
  },
});

const compilers = values.ts ? values.ts.split(",").map((name) => findCompiler(name.trim())) : COMPILERS;
let failed = false;
for (const compiler of compilers) {
  const result = await checkWithTsc({ root, compiler, project: values.project });
  const verdict = result.problems.length === 0 ? "ok" : `${result.problems.length} problem(s)`;
  console.log(`ts ${result.version}: ${result.expectations} expectations, ${result.diagnostics} diagnostics, ${result.milliseconds} ms: ${verdict}`);
  for (const problem of result.problems) console.log(`  ${formatProblem(root, problem).split("\n").join("\n  ")}`);
  failed ||= result.problems.length > 0;
}

if (!values["no-tsd"]) {
  const typingsFile = "src/index.ts";
  if (!existsSync(join(root, typingsFile))) {
    console.log(`tsd: skipped, ${typingsFile} does not exist yet`);
  } else {
    const result = await checkWithTsd({ root, typingsFile, testFiles: ["type-tests/**/*.test-d.ts"] });
    const verdict = result.problems.length === 0 ? "ok" : `${result.problems.length} problem(s)`;
    console.log(`tsd (ts ${result.version}): ${result.milliseconds} ms: ${verdict}`);
    for (const problem of result.problems) console.log(`  ${problem}`);
    failed ||= result.problems.length > 0;
  }
}
process.exitCode = failed ? 1 : 0;
