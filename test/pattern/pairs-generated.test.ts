import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pairsFile, renderPatternPairs } from "../../scripts/gen-pattern-pairs.js";

describe("the generated type-level pattern pairs", () => {
  it("are up to date with the run-time answers (regenerate: node --import tsx scripts/gen-pattern-pairs.ts)", () => {
    assert.equal(readFileSync(pairsFile, "utf8"), renderPatternPairs());
  });

  it("assert a few hundred pairs, both answers present", () => {
    const text = renderPatternPairs();
    const overlaps = text.match(/IsOverlapping<[^>]*>, (true|false)>>/g) ?? [];
    const covers = text.match(/IsCoveredBy<[^>]*>, (true|false)>>/g) ?? [];
    assert.ok(overlaps.length >= 300 && covers.length >= 200);
    for (const lines of [overlaps, covers]) {
      assert.ok(lines.some((line) => line.endsWith("true>>")) && lines.some((line) => line.endsWith("false>>")));
    }
  });
});
