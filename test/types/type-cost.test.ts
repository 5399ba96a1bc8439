// The type-check cost budget: instantiation counts are deterministic, so a rule
// that makes the checker quadratic fails here, not in a user's editor. The same
// generated manifest, with one overlapping cache added, must still be rejected at
// that cache, so the budget cannot be met by checking nothing.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { GENERATED_DIR, manifestSource, useSiteSource, writeCase } from "../../bench/types/generate.mjs";
import { measureProject } from "../../bench/types/measure.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const size = 1000;
const budget = 700_000;
const skip = existsSync(join(root, "src/index.ts")) ? false : "src/index.ts (defineManifest) does not exist yet";

// Own file names, so a concurrent `npm run bench:types` does not rewrite them mid-check.
const write = (variant: "rules" | "bare" | "intruder") =>
  writeCase(GENERATED_DIR, `budget-${variant}-${size}`, manifestSource(variant, size));

describe(`type-check cost of a ${size}-cache manifest`, { skip, timeout: 120_000 }, () => {
  test(`every rule together costs under ${budget / 1000}k instantiations on TypeScript 5.9`, (t) => {
    const bare = measureProject(write("bare"), "5.9");
    const rules = measureProject(write("rules"), "5.9");
    const manifest = rules.instantiations - bare.instantiations;
    t.diagnostic(
      `rules ${rules.instantiations} (${rules.checkSeconds} s), bare ${bare.instantiations} (${bare.checkSeconds} s): the rules cost ${manifest}`,
    );
    assert.deepEqual(bare.errorLines, [], "the bare manifest must compile");
    assert.deepEqual(rules.errorLines, [], "the generated manifest is valid: defineManifest must accept it");
    assert.ok(manifest < budget, `the rules cost ${manifest} instantiations at ${size} caches, over the budget of ${budget}`);
  });

  test("one overlapping cache among them is rejected on its own line, and only there (TypeScript 7.0)", () => {
    const source = manifestSource("intruder", size);
    const line = source.split("\n").findIndex((text) => text.includes("intruder:")) + 1;
    const intruder = measureProject(write("intruder"), "7.0");
    assert.ok(intruder.errors >= 1, "the overlap of 'k999:meta:x:*' with 'k999:meta:*' went unnoticed");
    for (const error of intruder.errorLines) {
      assert.match(error, new RegExp(`^bench/types/\\.generated/budget-intruder-${size}\\.ts\\(${line},\\d+\\): error TS\\d+: `));
    }
  });

  test("100 use sites (own().get(), KeyOf) on the manifest compile (TypeScript 7.0)", () => {
    write("rules");
    const project = writeCase(GENERATED_DIR, `budget-use-rules-${size}`, useSiteSource(size).replace(`./rules-${size}.js`, `./budget-rules-${size}.js`));
    assert.deepEqual(measureProject(project, "7.0").errorLines, []);
  });
});
