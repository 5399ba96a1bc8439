// Internal unit: PatternIndex, the prefix index behind the manifest model's owner lookups, checked against the public pattern functions.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { matchesPattern, patternCovers, patternsOverlap } from "../../src/index.js";
import { PatternIndex } from "../../src/runtime/pattern/pattern-index.js";
import { keyArbitrary, patternArbitrary } from "./reference.js";

function indexOf(patterns: readonly string[]): PatternIndex<number> {
  const index = new PatternIndex<number>();
  patterns.forEach((pattern, i) => index.add(pattern, i));
  return index;
}

describe("PatternIndex", () => {
  it("finds the first matching pattern, as a scan of every pattern would", () => {
    fc.assert(
      fc.property(fc.array(patternArbitrary(5), { maxLength: 12 }), fc.array(keyArbitrary(7), { maxLength: 10 }), (patterns, keys) => {
        const index = indexOf(patterns);
        for (const key of keys) {
          // Buckets are probed shortest prefix first, so "first" is per bucket order; compare as sets of matches.
          const found = index.matching(key);
          const any = patterns.some((pattern) => matchesPattern(pattern, key));
          assert.equal(found !== undefined, any, key);
          if (found) assert.ok(matchesPattern(found.pattern, key));
        }
      }),
      { numRuns: 2_000, seed: 10 },
    );
  });

  it("finds every overlapping pattern, as a scan would", () => {
    fc.assert(
      fc.property(fc.array(patternArbitrary(5), { maxLength: 12 }), patternArbitrary(5), (patterns, probe) => {
        const found = indexOf(patterns)
          .overlapping(probe)
          .map((entry) => entry.value)
          .sort((x, y) => x - y);
        const expected = patterns.flatMap((pattern, i) => (patternsOverlap(pattern, probe) ? [i] : []));
        assert.deepEqual(found, expected);
      }),
      { numRuns: 3_000, seed: 11 },
    );
  });

  it("finds every covering pattern, as a scan would", () => {
    fc.assert(
      fc.property(fc.array(patternArbitrary(5), { maxLength: 12 }), patternArbitrary(6), (patterns, probe) => {
        const found = indexOf(patterns)
          .covering(probe)
          .map((entry) => entry.value)
          .sort((x, y) => x - y);
        assert.deepEqual(
          found,
          patterns.flatMap((pattern, i) => (patternCovers(pattern, probe) ? [i] : [])),
        );
      }),
      { numRuns: 3_000, seed: 12 },
    );
  });

  it("finds the owner among 1000 patterns without scanning them all", () => {
    const index = indexOf(Array.from({ length: 1000 }, (_, i) => `k${i}:*`));
    assert.equal(index.matching("k517:abc")?.value, 517);
    assert.equal(index.matching("k5170:abc"), undefined);
    assert.deepEqual(
      index
        .overlapping("k51*")
        .map((entry) => entry.value)
        .sort((x, y) => x - y),
      [51, 510, 511, 512, 513, 514, 515, 516, 517, 518, 519],
    );
  });
});
