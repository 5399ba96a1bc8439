// The habits CI keeps: `npm run lint` (ESLint with typescript-eslint's type-aware rules) and
// `npm run format:check` (Prettier) pass over src, test, examples, bench, scripts and type-tests.
// Each runs the command package.json names, so the test and a developer run the same thing, and a
// failure prints the tool's own report.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ESLint } from "eslint";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const scripts = (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const bins: Record<string, string> = { eslint: "node_modules/eslint/bin/eslint.js", prettier: "node_modules/prettier/bin/prettier.cjs" };

/** Runs `npm run <script>`'s command with this node, without npm around it; "" when it exits 0, else what it printed. */
async function run(script: string): Promise<string> {
  const [bin = "", ...args] = scripts[script]!.split(" ");
  const binPath = bins[bin];
  assert.ok(binPath, `script '${script}' should start with one of ${Object.keys(bins).join(", ")}`);
  return promisify(execFile)(process.execPath, [resolve(root, binPath), ...args], { cwd: root, maxBuffer: 1 << 26 }).then(
    () => "",
    (error: Error & { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}` || error.message,
  );
}

describe("lint and format", () => {
  it("npm run lint reports no problem", { timeout: 300_000 }, async () => {
    const output = await run("lint");
    assert.equal(output, "", `npm run lint found problems (npm run lint -- --fix fixes some):\n${output}`);
  });

  it("npm run format:check finds every file formatted", { timeout: 300_000 }, async () => {
    const output = await run("format:check");
    assert.equal(output, "", `npm run format:check found unformatted files (npm run format writes them):\n${output}`);
  });

  it("the promise rules see through the handle types: a dropped set() and an async timer callback are reported", { timeout: 300_000 }, async () => {
    // Linted under the path of this very file, so the project service types it with tsconfig.json.
    const code = [
      `import { createLayer, defineManifest } from "../../src/index.js";`,
      `const app = defineManifest({ caches: { data_cache: { primary: "server", owns: ["data:*"] } } });`,
      `const data = createLayer(app, "server").own("data_cache");`,
      `export function forget(): void {`,
      `  data.set("data:1", 1);`,
      `}`,
      `setTimeout(async () => data.delete("data:1"), 1);`,
      ``,
    ].join("\n");
    const [result] = await new ESLint({ cwd: root }).lintText(code, { filePath: fileURLToPath(import.meta.url) });
    const found = result!.messages.map((message) => `${message.line}:${message.ruleId ?? message.message}`);
    assert.deepEqual(found, ["5:@typescript-eslint/no-floating-promises", "7:@typescript-eslint/no-misused-promises"]);
  });
});
