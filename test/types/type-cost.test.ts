// The type-check cost budget: instantiation counts are deterministic, so a rule
// that makes the checker quadratic fails here, not in a user's editor. A manifest
// with one overlapping cache added must still be rejected at that cache, so the
// budget cannot be met by checking nothing.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { GENERATED_DIR, manifestSource, useSiteSource, writeCase, type Shape } from "../../bench/types/generate.mjs";
import { measureProject, measureProjectAsync } from "../../bench/types/measure.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
// Instantiations above the bare manifest at 1000 caches, per shape (bench/types/generate.mjs). The
// target is 600k for the whole program a user compiles from the packed tarball with `skipLibCheck:
// false`, whose bare program is ~86k (5.9) to ~97k (7.0) and whose rules cost the same as from the
// sources: so the rules get 500k. Measured: `chains` (one or two patterns a cache, chains of five
// invalidations) 406k, `nested` (three or four patterns a cache, one inside another, every third cache
// invalidating the next) 472k (docs/type-level.md#cost).
const budgets = { chains: 500_000, nested: 500_000 } as const;
const skip = existsSync(join(root, "src/index.ts")) ? false : "src/index.ts (defineManifest) does not exist yet";

// Own file names, so a concurrent `npm run bench:types` does not rewrite them mid-check.
const write = (variant: "rules" | "bare" | "intruder", size: number, shape: Shape = "chains") =>
  writeCase(GENERATED_DIR, `budget-${variant}-${shape}-${size}`, manifestSource(variant, size, shape));

describe("type-check cost of the manifest rules", { skip, timeout: 120_000 }, () => {
  for (const [shape, budget] of Object.entries(budgets) as [Shape, number][]) {
    test(`a 1000-cache manifest of shape ${shape} with every rule costs under ${budget / 1000}k instantiations on TypeScript 5.9`, async (t) => {
      // Both at once: counts do not depend on load, and the test stays within ~20 s.
      const [bare, rules] = await Promise.all([
        measureProjectAsync(write("bare", 1000, shape), "5.9"),
        measureProjectAsync(write("rules", 1000, shape), "5.9"),
      ]);
      const manifest = rules.instantiations - bare.instantiations;
      t.diagnostic(`${shape}: rules ${rules.instantiations}, bare ${bare.instantiations} (same program): the rules cost ${manifest}`);
      assert.deepEqual(bare.errors, [], "the bare manifest must compile");
      assert.deepEqual(rules.errors, [], "the generated manifest is valid: defineManifest must accept it");
      assert.ok(manifest < budget, `the rules cost ${manifest} instantiations at 1000 caches of shape ${shape}, over the budget of ${budget}`);
    });
  }

  test("one overlapping cache in 100 is rejected on its own line, and only there (TypeScript 7.0)", () => {
    const line =
      manifestSource("intruder", 100, "chains")
        .split("\n")
        .findIndex((text) => text.includes("intruder:")) + 1;
    const intruder = measureProject(write("intruder", 100), "7.0");
    assert.ok(intruder.errors.length >= 1, "the overlap of 'k99:meta:x:*' with 'k99:meta:*' went unnoticed");
    for (const error of intruder.errors) {
      assert.match(error, new RegExp(`^bench/types/\\.generated/budget-intruder-chains-100\\.ts\\(${line},\\d+\\): error TS\\d+: `));
    }
  });

  test("100 use sites (own().get(), KeyOf) on a 100-cache manifest compile (TypeScript 7.0)", () => {
    write("rules", 100);
    const source = useSiteSource(100).replace("./rules-100.js", "./budget-rules-chains-100.js");
    assert.deepEqual(measureProject(writeCase(GENERATED_DIR, "budget-use-rules-100", source), "7.0").errors, []);
  });
});
