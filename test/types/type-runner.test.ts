// The type-test runner itself: it must fail when a type test is wrong, or a
// passing `npm test` would prove nothing.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { findCompiler } from "../../scripts/type-tests/compilers.js";
import { matchExpectations } from "../../scripts/type-tests/match-expectations.js";
import { parseDiagnostics } from "../../scripts/type-tests/parse-diagnostics.js";
import { readExpectations } from "../../scripts/type-tests/read-expectations.js";
import { checkWithTsc } from "../../scripts/type-tests/run-tsc.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = join(root, "test/fixtures/type-runner");
const project = (name: string) => `test/fixtures/type-runner/${name}/tsconfig.json`;
const caseFile = (name: string) => join(fixtures, name, "case.ts");

describe("the type-test runner on real compilers", () => {
  for (const name of ["5.9", "7.0"]) {
    const compiler = findCompiler(name);

    test(`passes a correct test file on TypeScript ${name}`, async () => {
      const result = await checkWithTsc({ root, compiler, project: project("correct") });
      assert.deepEqual(result.problems, []);
      assert.equal(result.expectations, 4);
      assert.equal(result.diagnostics, 4);
    });

    test(`fails a //~ whose text is not in the error on TypeScript ${name}`, async () => {
      const { problems } = await checkWithTsc({ root, compiler, project: project("wrong-text") });
      assert.deepEqual(
        problems.map((problem) => problem.kind),
        ["missing", "stray"],
      );
      const [missing] = problems;
      assert.ok(missing?.kind === "missing");
      assert.equal(missing.expectation.line, 4);
      assert.match(missing.onLine[0]?.message ?? "", /Type 'number' is not assignable to type 'string'/);
    });

    test(`fails a //~ above a line without error on TypeScript ${name}`, async () => {
      const { problems } = await checkWithTsc({ root, compiler, project: project("missing-error") });
      assert.equal(problems.length, 1);
      assert.ok(problems[0]?.kind === "missing");
      assert.deepEqual(problems[0].onLine, []);
      assert.equal(problems[0].elsewhere, undefined);
    });

    test(`fails an error that no //~ expects on TypeScript ${name}`, async () => {
      const { problems } = await checkWithTsc({ root, compiler, project: project("stray-error") });
      assert.equal(problems.length, 1);
      assert.ok(problems[0]?.kind === "stray");
      assert.equal(problems[0].diagnostic.file, caseFile("stray-error"));
      assert.equal(problems[0].diagnostic.line, 5);
    });

    test(`fails a //~ on the wrong line, pointing at the real one, on TypeScript ${name}`, async () => {
      const { problems } = await checkWithTsc({ root, compiler, project: project("wrong-line") });
      assert.deepEqual(
        problems.map((problem) => problem.kind),
        ["missing", "stray"],
      );
      assert.ok(problems[0]?.kind === "missing");
      assert.equal(problems[0].expectation.line, 4);
      assert.equal(problems[0].elsewhere?.line, 5);
    });
  }

  test("the command line exits 1 and prints file:line with the actual text", async () => {
    const run = promisify(execFile);
    const args = ["--import", "tsx", "scripts/type-tests/cli.ts", "--ts", "7.0", "--no-tsd", "--project", project("wrong-text")];
    const failure = await run(process.execPath, args, { cwd: root }).then(
      () => assert.fail("the runner passed a wrong //~ text"),
      (error: { code: number; stdout: string }) => error,
    );
    assert.equal(failure.code, 1);
    assert.match(failure.stdout, /^ts 7\.0\.\d+: 1 expectations, 1 diagnostics, \d+ ms: 2 problem\(s\)$/m);
    assert.match(
      failure.stdout,
      /test\/fixtures\/type-runner\/wrong-text\/case\.ts:4: expected an error containing "Type 'number' is not assignable to type 'boolean'"/,
    );
    assert.match(failure.stdout, /but got TS2322: Type 'number' is not assignable to type 'string'\./);
  });
});

describe("parseDiagnostics", () => {
  test("reads located errors, their continuation lines and global errors", () => {
    const output = [
      "a.ts(3,7): error TS2322: Type '{ a: number; }' is not assignable to type '{ a: string; }'.",
      "  Types of property 'a' are incompatible.",
      "    Type 'number' is not assignable to type 'string'.",
      "dir/b (1).ts(10,1): error TS2345: Argument of type '\"x\"' is not assignable to parameter of type '\"y\"'.",
      "error TS5023: Unknown compiler option 'bogus'.",
      "",
      "Found 3 errors.",
    ].join("\n");
    assert.deepEqual(parseDiagnostics(output, "/repo"), [
      {
        file: "/repo/a.ts",
        line: 3,
        column: 7,
        code: "TS2322",
        message:
          "Type '{ a: number; }' is not assignable to type '{ a: string; }'.\nTypes of property 'a' are incompatible.\nType 'number' is not assignable to type 'string'.",
      },
      {
        file: "/repo/dir/b (1).ts",
        line: 10,
        column: 1,
        code: "TS2345",
        message: "Argument of type '\"x\"' is not assignable to parameter of type '\"y\"'.",
      },
      { file: undefined, line: 0, column: 0, code: "TS5023", message: "Unknown compiler option 'bogus'." },
    ]);
  });
});

describe("readExpectations", () => {
  const scratch = mkdtempSync(join(tmpdir(), "borrowcache-type-runner-"));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = join(scratch, name);
    writeFileSync(file, text);
    return file;
  };

  test("points consecutive //~ lines at the next code line", () => {
    const file = write("a.ts", ["//~ first", "  //~  second  ", "call();", "//~ third", "other();"].join("\n"));
    assert.deepEqual(readExpectations(file), [
      { file, line: 3, commentLine: 1, text: "first" },
      { file, line: 3, commentLine: 2, text: "second" },
      { file, line: 5, commentLine: 4, text: "third" },
    ]);
  });

  test("rejects an empty //~ and a //~ at the end of the file, naming the line", () => {
    assert.throws(() => readExpectations(write("empty.ts", "x();\n//~\ny();")), /empty\.ts:2: '\/\/~' needs the text/);
    assert.throws(() => readExpectations(write("end.ts", "x();\n//~ dangling")), /end\.ts:2: '\/\/~' is not followed/);
  });
});

describe("matchExpectations", () => {
  const at = (line: number, message: string) => ({ file: "/a.ts", line, column: 1, code: "TS2322", message });
  const expect = (line: number, text: string) => ({ file: "/a.ts", line, commentLine: line - 1, text });

  test("gives each //~ its own error, whatever their order", () => {
    // "string" would grab the first error greedily; the matching still pairs both.
    const problems = matchExpectations(
      [expect(2, "string"), expect(2, "'number' is not assignable to type 'string'")],
      [at(2, "Type 'number' is not assignable to type 'string'."), at(2, "Type 'boolean' is not assignable to type 'string'.")],
    );
    assert.deepEqual(problems, []);
  });

  test("one error cannot satisfy two //~ lines", () => {
    const problems = matchExpectations([expect(2, "string"), expect(2, "string")], [at(2, "to type 'string'")]);
    assert.deepEqual(
      problems.map((problem) => problem.kind),
      ["missing"],
    );
  });
});
