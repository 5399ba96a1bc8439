import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { matchesPattern } from "../../src/index.js";
import { keyArbitrary, patternArbitrary, regexOf } from "./reference.js";

describe("matchesPattern", () => {
  it("agrees with a regex reference on random patterns and keys", () => {
    fc.assert(
      fc.property(patternArbitrary(6), keyArbitrary(10), (pattern, key) => matchesPattern(pattern, key) === regexOf(pattern).test(key)),
      { numRuns: 20_000, seed: 42 },
    );
  });

  it("agrees with the regex on keys built from the pattern itself, where matches are likely", () => {
    const filled = patternArbitrary(6).chain((pattern) =>
      fc.tuple(fc.constant(pattern), fc.array(keyArbitrary(3), { minLength: 3, maxLength: 3 })).map(([p, fills]) => {
        let i = 0;
        return [p, p.replace(/\*/g, () => fills[i++ % 3] ?? "")] as const;
      }),
    );
    fc.assert(
      fc.property(filled, ([pattern, key]) => matchesPattern(pattern, key) && regexOf(pattern).test(key)),
      { numRuns: 5_000, seed: 7 },
    );
  });

  it("matches a '*' with no characters", () => {
    assert.equal(matchesPattern("user:*", "user:"), true);
    assert.equal(matchesPattern("a*b", "ab"), true);
    assert.equal(matchesPattern("*", ""), true);
  });

  it("treats every character but '*' literally, '?' and '[' included", () => {
    assert.equal(matchesPattern("a?b", "a?b"), true);
    assert.equal(matchesPattern("a?b", "axb"), false);
    assert.equal(matchesPattern("[ab]:*", "[ab]:1"), true);
    assert.equal(matchesPattern("[ab]:*", "a:1"), false);
  });

  it("does not let the prefix and the suffix share characters", () => {
    assert.equal(matchesPattern("ab*ba", "aba"), false);
    assert.equal(matchesPattern("ab*ba", "abba"), true);
  });

  it("answers a hostile key quickly, where a backtracking regex would not", () => {
    // As a regex, `^.*ab.*ab…` on this key backtracks through every split; the matcher scans once per part.
    const pattern = `${"*ab".repeat(20)}*`;
    const key = `${"a".repeat(50_000)}ab`;
    const started = performance.now();
    assert.equal(matchesPattern(pattern, key), false);
    assert.ok(performance.now() - started < 2000, "a linear matcher finishes in milliseconds; the bound allows a loaded machine");
  });
});
