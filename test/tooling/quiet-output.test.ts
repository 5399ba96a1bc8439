// A passing run prints test results, not noise: no stray `ExperimentalWarning` or `DeprecationWarning`
// from Node and no `Error writing HTTP body` from workerd. Each came from a known place (node:test's
// MockTimers in test/http/deadlines.test.ts; edgeCacheStore's index write, cut by workerd after the
// response, in test/edge/edge-layer.test.ts; Express's url.parse of a deliberately malformed target in
// test/http/hostile-input.test.ts): this runs those files the way `npm test` does and reads everything
// they print.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const noisyBefore = ["test/http/deadlines.test.ts", "test/edge/edge-layer.test.ts", "test/http/hostile-input.test.ts"];
const noise = /ExperimentalWarning|DeprecationWarning|Error writing HTTP body/;

it("the files that printed warnings into passing runs pass and print none", { timeout: 300_000 }, async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", "--test-force-exit", "--test-reporter=spec", ...noisyBefore], {
    cwd: root,
    // Without NODE_TEST_CONTEXT, which this runner sets: the child is a test run of its own, not a subtest.
    env: { ...process.env, NO_COLOR: "1", NODE_TEST_CONTEXT: undefined },
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  assert.equal(code, 0, output);
  const noisy = output.split("\n").filter((line) => noise.test(line));
  assert.deepEqual(noisy, [], output);
  assert.match(output, /ℹ pass [1-9]/, output);
});
