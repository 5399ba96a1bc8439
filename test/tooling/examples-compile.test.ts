// Every `@example` in src/ compiles (scripts/check-examples.ts): a wrong example is a failing test, not
// a trap for the next reader. The checker itself is tested here too, on examples made to fail.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { compileExamples, type ExampleProblem } from "../../scripts/examples/compile-examples.js";
import { readExamples, type Example } from "../../scripts/examples/read-examples.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** An example as if written in the doc comments of src/runtime/stores/memory.ts, from line 100 on. */
const inMemoryTs = (code: string): Example => ({
  file: "src/runtime/stores/memory.ts",
  line: 99,
  code,
  lines: code.split("\n").map((_, index) => 100 + index),
});

describe("@example blocks", () => {
  it("npm run check:examples: every @example in src compiles", { timeout: 300_000 }, async () => {
    const output = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/check-examples.ts", "--by-file"], {
      cwd: root,
      maxBuffer: 1 << 26,
    }).then(
      () => "",
      (error: Error & { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}` || error.message,
    );
    assert.equal(output, "", `examples that do not compile:\n${output}`);
  });

  it("reads an example to the next tag, also one written on the tag's line", () => {
    const text = [
      "/**",
      " * Doubles.",
      " *",
      " * @example",
      " * double(2)",
      " * //=> 4",
      " *",
      " * @throws never",
      " */",
      "/** Halves. @example half(4) */",
    ].join("\n");
    assert.deepEqual(
      readExamples("a.ts", text).map(({ line, code, lines }) => ({ line, code, lines })),
      [
        { line: 4, code: "double(2)\n//=> 4", lines: [5, 6] },
        { line: 10, code: "half(4)", lines: [10] },
      ],
    );
  });

  // One program for the made-up examples below: each compiles as a module of its own all the same.
  const made = {
    fine: inMemoryTs(
      'const store = new MemoryStore({ maxSize: 1_000 });\nconst layer = createLayer(app, "edge", { store: memoryStore({ maxSize: "50MB" }) });',
    ),
    wrong: inMemoryTs('const store = memoryStore({ maxSize: "50MB" });\nstore.nope();'),
    rightResult: inMemoryTs('type K = KeyOf<typeof app, "data_cache">\n//=> `data:${string}` | …'),
    wrongResult: inMemoryTs('type K = KeyOf<typeof app, "user_data">\n//=> `user:${number}`'),
  };
  let problems: ExampleProblem[] = [];
  const problemsOf = (example: Example) =>
    problems.filter((problem) => problem.example === example).map(({ kind, line, message }) => ({ kind, line, message }));
  before(() => {
    problems = compileExamples(root, Object.values(made));
  });

  it("passes an example that uses its file's exports, the package and the preamble's app", () => {
    assert.deepEqual(problemsOf(made.fine), []);
  });

  it("reports a wrong example on its own source line, with TypeScript's message", () => {
    assert.deepEqual(problemsOf(made.wrong), [{ kind: "error", line: 101, message: "TS2339: Property 'nope' does not exist on type 'MemoryStore'." }]);
  });

  it("checks a //=> after a type alias against the type it resolves to, … standing for any text", () => {
    assert.deepEqual(problemsOf(made.rightResult), []);
    assert.deepEqual(problemsOf(made.wrongResult), [
      { kind: "result", line: 101, message: "//=> `user:${number}`\nbut the type resolves to `user:${string}`" },
    ]);
  });
});
