// The type tests (type-tests/**/*.test-d.ts) under every supported TypeScript,
// each error checked against its `//~` text, then under tsd.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { COMPILERS } from "../../scripts/type-tests/compilers.js";
import { formatProblem } from "../../scripts/type-tests/format-problems.js";
import { checkWithTsc } from "../../scripts/type-tests/run-tsc.js";
import { checkWithTsd } from "../../scripts/type-tests/run-tsd.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const project = "type-tests/tsconfig.json";
const typingsFile = "src/index.ts";

describe("type tests", () => {
  for (const compiler of COMPILERS) {
    test(`every error matches its //~ text on TypeScript ${compiler.name}`, async (t) => {
      const result = await checkWithTsc({ root, compiler, project });
      t.diagnostic(`ts ${result.version}: ${result.expectations} expectations, ${result.diagnostics} diagnostics, ${result.milliseconds} ms`);
      assert.ok(result.expectations > 0, `no //~ expectation found in ${project}: is the include right?`);
      assert.deepEqual(
        result.problems.map((problem) => formatProblem(root, problem)),
        [],
        `ts ${result.version} disagrees with the type tests`,
      );
    });
  }

  test(
    "every expectType and expectError holds under tsd",
    { skip: existsSync(join(root, typingsFile)) ? false : `${typingsFile} does not exist yet` },
    async (t) => {
      const result = await checkWithTsd({ root, typingsFile, testFiles: ["type-tests/**/*.test-d.ts"] });
      t.diagnostic(`tsd (ts ${result.version}): ${result.milliseconds} ms`);
      assert.deepEqual(result.problems, []);
    },
  );
});
