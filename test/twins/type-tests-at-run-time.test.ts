// Every compile-time rule has a run-time twin with the same message: this runs each type-test file
// as plain JavaScript would (types erased, no tsc to stop it). Every statement `tsc` accepts must
// run without throwing, and every `expectError(...)` must throw a ManifestError or BorrowError whose
// message is exactly the `//~` text `tsc` printed — for a ManifestError, one of its issues, whose
// message is that text followed by where the value is (`(at caches.admins.owns[0])`: tsc underlines
// the property instead), a path that names the issue's cache and a property written on the line
// tsc reports. (Other ManifestErrors, like serveLayer's, say the text alone.)
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inspect } from "node:util";
import { BorrowError, ManifestError, type ManifestIssue } from "../../src/index.js";
import { readTwinProgram } from "./type-test-cases.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Files whose errors have no run-time twin at the same place: the test file that holds their twin, or
 * `null` where the errors are the types themselves (brands, read-only results, option shapes).
 */
const TWIN_ELSEWHERE: Record<string, string | null> = {
  "brands.test-d.ts": null,
  "helper-types-accept-handles.test-d.ts": null, // which handle types accept which handles: types only
  "cached-values-read-only.test-d.ts": "test/twins/read-only-twin.test.ts", // a TypeError from the value itself, not a BorrowError
  "store-fits.test-d.ts": "test/stores/keyv-store-fits.test.ts", // a StoreCapabilityError (a StoreError) at createLayer
  "runtime-conforms.test-d.ts": null, // the public types against the run-time classes: types only
  "values-survive-serialization.test-d.ts": "test/twins/serialization-twin.test.ts", // typed<T>() is a phantom: seen at set
  "schema-values-survive-serialization.test-d.ts": "test/schema/rule-13-twin.test.ts", // a schema's output type: seen at set
  "warm-needs-a-listing-source.test-d.ts": "test/twins/warm-source-twin.test.ts", // reported by layer.warm()
};

it("every type-test file with its twin elsewhere names a twin test that exists", () => {
  for (const [file, twin] of Object.entries(TWIN_ELSEWHERE)) {
    const folder = existsSync(join(root, "type-tests", "manifest", file)) ? "manifest" : "handles";
    assert.ok(existsSync(join(root, "type-tests", folder, file)), `${file} is listed but does not exist`);
    if (twin !== null) assert.ok(existsSync(join(root, twin)), `${file}: its twin test ${twin} does not exist`);
  }
});

type Outcome = { readonly thrown: unknown } | undefined;

for (const folder of ["manifest", "handles"]) {
  describe(`type-tests/${folder} at run time`, () => {
    for (const file of readdirSync(join(root, "type-tests", folder))
      .filter((f) => f.endsWith(".test-d.ts") && !(f in TWIN_ELSEWHERE))
      .sort()) {
      it(`${file}: what tsc rejects throws the same text, what it accepts runs`, async () => {
        const path = join(root, "type-tests", folder, file);
        const source = readFileSync(path, "utf8");
        const lines = source.split("\n");
        const program = readTwinProgram(source);
        const outcomes = await runTwin(path, program.source);
        for (const errorCase of program.cases) {
          const outcome = outcomes.get(errorCase.index);
          const where = `${file}:${errorCase.fromLine}`;
          assert.ok(outcome?.thrown !== undefined, `${where}: tsc rejects this, but at run time it did not throw`);
          const { thrown } = outcome;
          for (const { text, line } of errorCase.expectations) {
            // The manifest's guards locate their messages; other ManifestErrors (serveLayer's expose) say the text alone.
            if (thrown instanceof ManifestError && folder === "manifest") assertLocatedIssue(thrown.issues, text, lines[line - 1] ?? "", `${file}:${line}`);
            else if (thrown instanceof ManifestError)
              assert.ok(
                thrown.issues.some((issue) => issue.message === text),
                `${where}: expected the run-time twin to say\n  ${text}\nbut it said\n  ${thrown.issues.map((issue) => issue.message).join("\n  ")}`,
              );
            else if (thrown instanceof BorrowError) assert.equal(thrown.message, text, `${where}: the run-time twin says another text`);
            else assert.fail(`${where}: expected a ManifestError or BorrowError, got ${inspect(thrown)}`);
          }
        }
      });
    }
  });
}

/** Runs the rewritten file next to the original (so its relative imports resolve) and collects what each case threw. */
async function runTwin(path: string, source: string): Promise<Map<number, Outcome>> {
  const outcomes = new Map<number, Outcome>();
  const twin = async (index: number, run: () => unknown): Promise<void> => {
    try {
      const result = run();
      if (result instanceof Promise) await result;
      else if (result !== null && typeof result === "object" && Symbol.asyncIterator in result) {
        await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().next();
      }
      outcomes.set(index, undefined);
    } catch (thrown) {
      outcomes.set(index, { thrown: thrown ?? new Error("threw a nullish value") });
    }
  };
  (globalThis as { __twin?: typeof twin }).__twin = twin;
  const temp = join(dirname(path), `.twin-${process.pid}-${basename(path, ".test-d.ts")}.ts`);
  writeFileSync(temp, `declare const __twin: (i: number, run: () => unknown) => Promise<void>;\n${source}`);
  try {
    await import(pathToFileURL(temp).href);
  } finally {
    rmSync(temp, { force: true });
  }
  return outcomes;
}

/**
 * Some issue says exactly `text (at <path>)`, where the path starts at the issue's cache and its last
 * property (`owns` in `caches.admins.owns[0]`) is written on `sourceLine`, the line tsc reports.
 */
function assertLocatedIssue(issues: readonly ManifestIssue[], text: string, sourceLine: string, where: string): void {
  const said = `\n  ${issues.map((issue) => issue.message).join("\n  ")}`;
  const issue = issues.find((candidate) => candidate.message.startsWith(`${text} (at `) && candidate.message.endsWith(")"));
  assert.ok(issue, `${where}: expected the run-time twin to say\n  ${text} (at …)\nbut it said${said}`);
  const path = issue.message.slice(text.length + " (at ".length, -1);
  assert.match(path, /^[^\s()]+$/, `${where}: '${path}' is not a path`);
  if (issue.cache !== undefined) assert.ok(path.startsWith(`caches.${issue.cache}`), `${where}: the path ${path} does not start at cache '${issue.cache}'`);
  const property = /([A-Za-z_$][\w$]*)(\[\d+\])?$/.exec(path)?.[1];
  assert.ok(
    property !== undefined && sourceLine.includes(property),
    `${where}: the path ${path} names '${property}', which is not on the line tsc reports:\n  ${sourceLine.trim()}`,
  );
}
