// `npm run check:examples`: every `@example` in the doc comments of src/**/*.ts compiles.
//
//   node --import tsx scripts/check-examples.ts [--by-file] [path-substring …]
//
// Each example is compiled as a module of its own with TypeScript 5.9's API and the project's options
// (scripts/examples/compile-examples.ts says what it may assume without declaring it, and
// scripts/examples/preamble.ts is that assumption). `//=>` lines are comments: what the line above
// evaluates or resolves to. Prints every error as file:line with TypeScript's message, grouped by
// example; `--by-file` adds the count of failing examples per file. Exits 1 if any example fails.
import { readdirSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { compileExamples, type ExampleProblem } from "./examples/compile-examples.js";
import { readExamples, type Example } from "./examples/read-examples.js";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const { values, positionals } = parseArgs({ options: { "by-file": { type: "boolean", default: false } }, allowPositionals: true });

/** Every .ts file below `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return (
      entry.isDirectory() ? sourceFiles(path)
      : entry.name.endsWith(".ts") ? [path]
      : []
    );
  });
}

const files = sourceFiles(join(root, "src"))
  .map((path) => relative(root, path).split(sep).join("/"))
  .filter((path) => positionals.length === 0 || positionals.some((filter) => path.includes(filter)))
  .sort();
const examples = files.flatMap((file) => readExamples(file, undefined));
const problems = compileExamples(root, examples);

const byExample = new Map<Example, ExampleProblem[]>();
for (const problem of problems) byExample.set(problem.example, [...(byExample.get(problem.example) ?? []), problem]);
for (const [example, found] of byExample) {
  console.log(`✗ ${example.file}:${example.line} @example`);
  for (const problem of found) console.log(`  ${example.file}:${problem.line}: ${problem.message.split("\n").join("\n    ")}`);
}
if (values["by-file"]) {
  const perFile = new Map<string, number>();
  for (const example of byExample.keys()) perFile.set(example.file, (perFile.get(example.file) ?? 0) + 1);
  console.log("\nfailing examples per file:");
  for (const [file, count] of [...perFile].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`${String(count).padStart(4)}  ${file}`);
}
const withExamples = new Set(examples.map((example) => example.file)).size;
console.log(
  `\n${examples.length - byExample.size} of ${examples.length} examples compile (${withExamples} files); ` +
    `${byExample.size} fail in ${new Set([...byExample.keys()].map((example) => example.file)).size} files`,
);
process.exitCode = byExample.size > 0 ? 1 : 0;
