// The type-check cost budget: instantiation counts are deterministic, so a rule
// that makes the checker quadratic fails here, not in a user's editor.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { GENERATED_DIR, manifestSource, writeCase } from "../../bench/types/generate.mjs";
import { measureProject } from "../../bench/types/measure.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const size = 1000;
const budget = 700_000;
const entry = join(root, "src/index.ts");

test(
  `a ${size}-cache manifest with every rule costs under ${budget / 1000}k instantiations on TypeScript 5.9`,
  { skip: existsSync(entry) ? false : "src/index.ts (defineManifest) does not exist yet", timeout: 120_000 },
  (t) => {
    // Own names, so a concurrent `npm run bench:types` does not rewrite them mid-check.
    const measure = (variant: "rules" | "bare") =>
      measureProject(writeCase(GENERATED_DIR, `budget-${variant}-${size}`, manifestSource(variant, size)), "5.9");
    const bare = measure("bare");
    const rules = measure("rules");
    const manifest = rules.instantiations - bare.instantiations;
    t.diagnostic(
      `rules ${rules.instantiations} (${rules.checkSeconds} s), bare ${bare.instantiations} (${bare.checkSeconds} s): the rules cost ${manifest}`,
    );
    assert.deepEqual(bare.errorLines, [], "the bare manifest must compile");
    assert.deepEqual(rules.errorLines, [], "the generated manifest is valid: defineManifest must accept it");
    assert.ok(manifest < budget, `the rules cost ${manifest} instantiations at ${size} caches, over the budget of ${budget}`);
  },
);
