// The manifest checker of defineManifest (called with plain data, as JavaScript would) against brute-force references.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ManifestError, patternCovers, patternsOverlap } from "../../src/index.js";
import { defineFromJavaScript, issuesOf } from "../guards/helpers/define.js";
import { literalPrefixOf, patternArbitrary } from "../pattern/reference.js";

interface SmallCache {
  primary: string;
  owns: string[];
  invalidates: string[];
}

// Small random manifests: a few caches with short patterns, so that overlaps and cycles are common.
const smallManifest = fc
  .array(fc.record({ owns: fc.array(patternArbitrary(4), { minLength: 1, maxLength: 2 }), invalidates: fc.array(patternArbitrary(4), { maxLength: 2 }) }), {
    minLength: 1,
    maxLength: 7,
  })
  .map((caches) => Object.fromEntries(caches.map((cache, i) => [`c${i}`, { primary: "server", ...cache } satisfies SmallCache])));

// Rule 2 by brute force: every ordered pair of patterns of different caches, reported on the side
// whose literal prefix is at least as long.
function ownerConflictsByScan(caches: Record<string, SmallCache>): string[] {
  const entries = Object.entries(caches).flatMap(([cache, { owns }]) => owns.map((pattern) => ({ cache, pattern })));
  const found = new Set<string>();
  for (const mine of entries) {
    for (const other of entries) {
      if (mine.cache === other.cache || !patternsOverlap(mine.pattern, other.pattern)) continue;
      if (literalPrefixOf(mine.pattern).length >= literalPrefixOf(other.pattern).length)
        found.add(`${mine.cache} ${mine.pattern} ${other.cache} ${other.pattern}`);
    }
  }
  return [...found].sort();
}

// Rule 4 by brute force: a target leads back to its cache when the cache is reachable from the target's owners.
function cycleTargetsByScan(caches: Record<string, SmallCache>): string[] {
  const ownersOf = (target: string) => Object.keys(caches).filter((name) => caches[name]!.owns.some((pattern) => patternCovers(pattern, target)));
  const reaches = (from: string, goal: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (at === goal) return true;
      if (seen.has(at)) continue;
      seen.add(at);
      for (const target of caches[at]!.invalidates) stack.push(...ownersOf(target));
    }
    return false;
  };
  const found = new Set<string>();
  for (const [name, cache] of Object.entries(caches)) {
    for (const target of cache.invalidates) if (ownersOf(target).some((owner) => reaches(owner, name))) found.add(`${name} ${target}`);
  }
  return [...found].sort();
}

describe("validateManifest", () => {
  it("finds exactly the overlapping owners a scan of every pair finds, on the longer-prefix side", () => {
    fc.assert(
      fc.property(smallManifest, (caches) => {
        const reported = issuesOf({ caches })
          .filter((issue) => issue.rule === "one-owner-per-key")
          .map((issue) => {
            const other = /(?:overlaps '([^']*)', owned|already owned) by cache '([^']*)'/.exec(issue.message);
            return `${issue.cache} ${issue.pattern} ${other?.[2]} ${other?.[1] ?? issue.pattern}`;
          });
        assert.deepEqual([...new Set(reported)].sort(), ownerConflictsByScan(caches));
      }),
      { numRuns: 1_500, seed: 21 },
    );
  });

  it("finds exactly the cycle targets a reachability search finds", () => {
    fc.assert(
      fc.property(smallManifest, (caches) => {
        const reported = issuesOf({ caches })
          .filter((issue) => issue.rule === "acyclic-invalidation")
          .map((issue) => `${issue.cache} ${issue.pattern}`);
        assert.deepEqual([...new Set(reported)].sort(), cycleTargetsByScan(caches));
      }),
      { numRuns: 1_500, seed: 22 },
    );
  });

  it("never crashes on input from JSON: it returns issues or accepts", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const issues = issuesOf(input);
        assert.ok(Array.isArray(issues));
        for (const issue of issues as readonly { message: string }[]) assert.match(issue.message, /^✗ [^\n]+$/);
      }),
      { numRuns: 2_000, seed: 23 },
    );
  });

  it("never crashes on manifest-like input with fields of every kind", () => {
    const anyField = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom("client", "edge", "1MB", "30m", "real_time", "offline_first", "session", true),
      fc.array(fc.oneof(patternArbitrary(4), fc.jsonValue()), { maxLength: 3 }),
    );
    const fieldName = fc.constantFrom(
      "primary",
      "owns",
      "invalidates",
      "maxSize",
      "ttl",
      "grace",
      "timeout",
      "hardTimeout",
      "streaming",
      "chunkSize",
      "warm",
      "lifetime",
      "exclusive",
      "strategy",
      "private",
      "value",
      "invalidate",
    );
    const cache = fc.dictionary(
      fieldName,
      fc.oneof(anyField, fc.record({ prefetch: fc.array(patternArbitrary(4), { maxLength: 2 }), backfill: fc.jsonValue() })),
      { maxKeys: 8 },
    );
    const manifest = fc.record({
      layers: fc.option(fc.oneof(fc.jsonValue(), fc.constant(["client", "edge", "server"])), { nil: undefined }),
      caches: fc.dictionary(fc.string({ maxLength: 3 }), cache, { maxKeys: 4 }),
    });
    fc.assert(
      fc.property(manifest, (input) => {
        try {
          defineFromJavaScript(structuredClone(input));
        } catch (error) {
          assert.ok(error instanceof ManifestError, String(error));
        }
      }),
      { numRuns: 2_000, seed: 24 },
    );
  });
});
