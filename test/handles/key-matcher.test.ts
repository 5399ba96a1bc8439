// Internal unit: keyMatcher, the handles' compiled key check, has no public face; it must decide
// exactly what the public matchesPattern decides.
import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { keyMatcher } from "../../src/runtime/pattern/key-matcher.js";
import { matchesPattern } from "../../src/index.js";

const pattern = fc.stringMatching(/^[ab:*]{1,6}$/).filter((p) => !p.includes("**"));
const key = fc.stringMatching(/^[ab:]{0,8}$/);

it("keyMatcher agrees with matchesPattern for every pattern shape", () => {
  fc.assert(
    fc.property(fc.array(pattern, { minLength: 1, maxLength: 3 }), key, (patterns, k) => {
      assert.equal(
        keyMatcher(patterns)(k),
        patterns.some((p) => matchesPattern(p, k)),
      );
    }),
    { numRuns: 2000 },
  );
});

it("a many-star pattern on a long key answers at once (no backtracking)", () => {
  const started = performance.now();
  assert.equal(keyMatcher(["a*a*a*a*a*a*a*a*b"])("a".repeat(5000)), false);
  assert.ok(performance.now() - started < 200);
});
