// The sources, tests, examples and benchmarks type-check under strict TypeScript 5.9. This is also
// what keeps every `// @ts-expect-error` in examples/ honest: a directive over a line `tsc` accepts is
// itself an error, so an example cannot claim a rejection that no longer happens.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

it("tsc -p tsconfig.json --noEmit reports nothing", { timeout: 300_000 }, async () => {
  const tsc = resolve(root, "node_modules/typescript/bin/tsc");
  const result = await promisify(execFile)(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit", "--pretty", "false"], {
    cwd: root,
    maxBuffer: 1 << 24,
  }).then(
    () => "",
    (error: Error & { stdout?: string }) => error.stdout ?? error.message,
  );
  assert.equal(result, "", `tsc found errors:\n${result}`);
});
