import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isValidPattern, patternsOverlap } from "../../src/index.js";
import { keysUpTo, literalsOf, overlapByRecursion, patternArbitrary, regexOf } from "./reference.js";

// Brute force: is there a common key of at most literalsOf(a) + literalsOf(b) characters over {a, b, :}?
// The bound is exact, without the theorem: take any common key and drop every character that a `*`
// matches in both patterns; what is left still matches both, and each remaining character is one
// of a's or b's literals. Only characters of the patterns ever need to appear in it.
const keysByLength = keysUpTo(["a", "b", ":"], 10);
function someCommonKey(a: string, b: string): string | undefined {
  const bound = literalsOf(a).length + literalsOf(b).length;
  const ra = regexOf(a);
  const rb = regexOf(b);
  return keysByLength.find((key) => key.length <= bound && ra.test(key) && rb.test(key));
}

describe("patternsOverlap", () => {
  it("finds an overlap exactly when a common key exists (brute force, patterns up to 5 characters)", () => {
    fc.assert(
      fc.property(patternArbitrary(5), patternArbitrary(5), (a, b) => patternsOverlap(a, b) === (someCommonKey(a, b) !== undefined)),
      { numRuns: 600, seed: 1 },
    );
  });

  it("agrees with the brute force on every pair of patterns up to 3 characters", () => {
    const patterns = keysUpTo(["a", ":", "*"], 3).filter(isValidPattern);
    for (const a of patterns) {
      for (const b of patterns) {
        const common = someCommonKey(a, b) !== undefined;
        assert.equal(patternsOverlap(a, b), common, `${a} / ${b}`);
        assert.equal(overlapByRecursion(a, b), common, `the recursion reference, ${a} / ${b}`);
      }
    }
  });

  it("agrees with the textbook recursion on longer patterns over a wider alphabet", () => {
    const wide = fc.string({ unit: fc.constantFrom("a", "b", "c", ":", "*"), minLength: 1, maxLength: 12 }).filter(isValidPattern);
    fc.assert(
      fc.property(wide, wide, (a, b) => patternsOverlap(a, b) === overlapByRecursion(a, b)),
      { numRuns: 20_000, seed: 9 },
    );
  });

  it("is symmetric", () => {
    fc.assert(
      fc.property(patternArbitrary(6), patternArbitrary(6), (a, b) => patternsOverlap(a, b) === patternsOverlap(b, a)),
      { numRuns: 5_000, seed: 2 },
    );
  });

  const cases: [string, string, boolean][] = [
    ["user:*", "user:admin:*", true],
    ["a*b", "ab*", true],
    ["*:x", "y:*", true],
    ["user:*", "users:*", false],
    ["user:1", "user:1", true],
    ["user:1", "user:2", false],
    ["k1:*", "k12:*", false],
    ["a*b*b", "ab", false],
    ["a*b*b", "abb", true],
    ["*:*:*", "a:b", false],
    ["*:*:*", "a:b:c", true],
    ["user:*", "user:*", true],
  ];
  for (const [a, b, expected] of cases) {
    it(`says '${a}' and '${b}' ${expected ? "overlap" : "do not overlap"}`, () => {
      assert.equal(patternsOverlap(a, b), expected);
      assert.equal(patternsOverlap(b, a), expected);
      assert.equal(overlapByRecursion(a, b), expected, "the recursion reference agrees");
    });
  }
});

describe("isValidPattern", () => {
  it("refuses '**', the empty string and non-strings", () => {
    assert.equal(isValidPattern("**"), false);
    assert.equal(isValidPattern("user:**"), false);
    assert.equal(isValidPattern(""), false);
    assert.equal(isValidPattern(42), false);
    assert.equal(isValidPattern(undefined), false);
  });

  it("accepts keys and single-star patterns", () => {
    for (const pattern of ["config", "*", "user:*", "a:*:b:*", "*:x"]) assert.equal(isValidPattern(pattern), true, pattern);
  });
});
