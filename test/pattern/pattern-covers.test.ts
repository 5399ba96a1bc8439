import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isValidPattern, patternCovers, patternsOverlap } from "../../src/index.js";
import { keysUpTo, patternArbitrary, regexOf } from "./reference.js";

// Brute force: is there a key of `inner`, over {a, b, :, #} and at most |inner| long, that `outer`
// does not match? The bound is exact: if `outer` misses some key of `inner`, it misses `inner` with
// each `*` replaced by `#`, a character no pattern uses (only a `*` of `outer` can match it).
const keys = keysUpTo(["a", "b", ":", "#"], 6);
function someKeyOutside(outer: string, inner: string): string | undefined {
  const ro = regexOf(outer);
  const ri = regexOf(inner);
  return keys.find((key) => key.length <= inner.length && ri.test(key) && !ro.test(key));
}

describe("patternCovers", () => {
  it("covers exactly when no key of the inner pattern falls outside the outer (brute force)", () => {
    fc.assert(
      fc.property(patternArbitrary(5), patternArbitrary(5), (outer, inner) => patternCovers(outer, inner) === (someKeyOutside(outer, inner) === undefined)),
      { numRuns: 3_000, seed: 3 },
    );
  });

  it("agrees with the brute force on every pair of patterns up to 4 characters over {a, :, *}", () => {
    const patterns = keysUpTo(["a", ":", "*"], 4).filter(isValidPattern);
    for (const outer of patterns) {
      for (const inner of patterns) assert.equal(patternCovers(outer, inner), someKeyOutside(outer, inner) === undefined, `${outer} ⊇ ${inner}`);
    }
  });

  it("implies overlap, and every pattern covers itself", () => {
    fc.assert(
      fc.property(
        patternArbitrary(6),
        patternArbitrary(6),
        (outer, inner) => patternCovers(inner, inner) && (!patternCovers(outer, inner) || patternsOverlap(outer, inner)),
      ),
      { numRuns: 5_000, seed: 4 },
    );
  });

  const cases: [string, string, boolean][] = [
    ["popular:*", "popular:x:*", true],
    ["popular:*", "popular:top", true],
    ["popular:*", "popular:*", true],
    ["popular:x:*", "popular:*", false],
    ["*", "a*b*c", true],
    ["*a", "a*", false],
    ["a*b", "a*:*b", true],
    ["a*:*b", "a*b", false],
    ["user:*", "users:*", false],
  ];
  for (const [outer, inner, expected] of cases) {
    it(`says '${outer}' ${expected ? "covers" : "does not cover"} '${inner}'`, () => {
      assert.equal(patternCovers(outer, inner), expected);
      // The witness of the proof: each inner `*` filled with a character no pattern uses.
      assert.equal(regexOf(outer).test(inner.replaceAll("*", "#")), expected, "the witness key agrees");
    });
  }
});
