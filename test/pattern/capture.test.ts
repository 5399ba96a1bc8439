// Internal unit: capture and substitute, the pattern matcher internals that carry a write's wildcards to its invalidation targets.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { matchesPattern } from "../../src/index.js";
import { capture } from "../../src/runtime/pattern/capture.js";
import { substitute } from "../../src/runtime/pattern/substitute.js";
import { keyArbitrary, patternArbitrary } from "./reference.js";

// The reference for the capture rule: a regex whose groups are lazy except the last, which is what
// "each `*` takes the shortest run that lets the rest match; the last takes what is left" means.
function lazyCaptures(pattern: string, key: string): string[] | undefined {
  const parts = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const body = parts.map((part, i) => (i === 0 ? part : `${i === parts.length - 1 ? "(.*)" : "(.*?)"}${part}`)).join("");
  const match = new RegExp(`^${body}$`, "s").exec(key);
  return match ? match.slice(1).map((group) => group ?? "") : undefined;
}

describe("capture", () => {
  it("returns what each '*' matched, shortest first, the last taking the rest (regex reference)", () => {
    fc.assert(
      fc.property(patternArbitrary(6), keyArbitrary(9), (pattern, key) => assert.deepEqual(capture(pattern, key), lazyCaptures(pattern, key))),
      {
        numRuns: 20_000,
        seed: 5,
      },
    );
  });

  it("captures what substitute puts back: substitute(p, capture(p, k)) is k", () => {
    fc.assert(
      fc.property(patternArbitrary(6), keyArbitrary(9), (pattern, key) => {
        const captures = capture(pattern, key);
        return captures === undefined ? !matchesPattern(pattern, key) : substitute(pattern, captures) === key;
      }),
      { numRuns: 20_000, seed: 6 },
    );
  });

  it("splits 'a:1:b:2' by 'a:*:b:*' into '1' and '2'", () => {
    assert.deepEqual(capture("a:*:b:*", "a:1:b:2"), ["1", "2"]);
  });

  it("gives the first '*' the shortest run when a key splits several ways", () => {
    assert.deepEqual(capture("*:*", "x:y:z"), ["x", "y:z"]);
  });

  it("returns undefined for a key the pattern does not match, and no captures for a plain key", () => {
    assert.equal(capture("user:*", "order:1"), undefined);
    assert.deepEqual(capture("config", "config"), []);
  });
});

describe("substitute", () => {
  it("turns a write to 'user:42' into the target 'profile:42'", () => {
    assert.equal(substitute("profile:*", capture("user:*", "user:42") ?? []), "profile:42");
  });

  it("turns 'a:1:b:2' written under 'a:*:b:*' into 'x:1:2' for the target 'x:*:*'", () => {
    assert.equal(substitute("x:*:*", capture("a:*:b:*", "a:1:b:2") ?? []), "x:1:2");
  });

  it("uses the first captures when the target has fewer '*'s", () => {
    assert.equal(substitute("x:*", ["1", "2"]), "x:1");
    assert.equal(substitute("config", ["1"]), "config");
  });

  it("keeps the extra '*'s of a target with more '*'s than captures", () => {
    assert.equal(substitute("x:*:*", ["1"]), "x:1:*");
  });
});
