// The type tests of borrowcache/react and borrowcache/tanstack-query (test/fixtures/react-types) under
// every supported TypeScript, each error checked against its `//~` text, as type-tests/ are.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { COMPILERS } from "../../scripts/type-tests/compilers.js";
import { formatProblem } from "../../scripts/type-tests/format-problems.js";
import { checkWithTsc } from "../../scripts/type-tests/run-tsc.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const project = "test/fixtures/react-types/tsconfig.json";

describe("hooks and query options are typed by the handle", () => {
  for (const compiler of COMPILERS) {
    test(`every error matches its //~ text on TypeScript ${compiler.name}`, async (t) => {
      const result = await checkWithTsc({ root, compiler, project });
      t.diagnostic(`ts ${result.version}: ${result.expectations} expectations, ${result.diagnostics} diagnostics, ${result.milliseconds} ms`);
      assert.ok(result.expectations > 0, `no //~ expectation found in ${project}`);
      assert.deepEqual(
        result.problems.map((problem) => formatProblem(root, problem)),
        [],
        `ts ${result.version} disagrees with the type tests`,
      );
    });
  }
});
