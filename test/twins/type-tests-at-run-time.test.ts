// Every compile-time rule has a run-time twin with the same message: this runs each type-test file
// as plain JavaScript would (types erased, no tsc to stop it). Every statement `tsc` accepts must
// run without throwing, and every `expectError(...)` must throw a ManifestError or BorrowError whose
// message — for a ManifestError, one of its issues — is exactly the `//~` text `tsc` printed.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BorrowError, ManifestError } from "../../src/index.js";
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
        const program = readTwinProgram(readFileSync(path, "utf8"));
        const outcomes = await runTwin(path, program.source);
        for (const errorCase of program.cases) {
          const outcome = outcomes.get(errorCase.index);
          const where = `${file}:${errorCase.fromLine}`;
          assert.ok(outcome?.thrown !== undefined, `${where}: tsc rejects this, but at run time it did not throw`);
          const messages = messagesOf(outcome.thrown, where);
          for (const text of errorCase.texts) {
            assert.ok(messages.includes(text), `${where}: expected the run-time twin to say\n  ${text}\nbut it said\n  ${messages.join("\n  ")}`);
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

/** The texts a thrown error says: a ManifestError's issues, or a BorrowError's message. */
function messagesOf(thrown: unknown, where: string): string[] {
  if (thrown instanceof ManifestError) return thrown.issues.map((issue) => issue.message);
  if (thrown instanceof BorrowError) return [thrown.message];
  assert.fail(`${where}: expected a ManifestError or BorrowError, got ${String(thrown)}`);
}
