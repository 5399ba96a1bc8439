// Internal unit: the marker typed() returns, and isTyped that tells it apart, are not public.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { typed } from "../../src/index.js";
import { isTyped, typedMarker } from "../../src/runtime/manifest/typed.js";

describe("typed", () => {
  it("returns a frozen phantom marker", () => {
    const value = typed<{ id: string }>();
    assert.ok(Object.isFrozen(value));
    assert.equal((value as unknown as Record<symbol, unknown>)[typedMarker], true);
    assert.ok(isTyped(value));
  });

  it("tells a marker from other values", () => {
    assert.equal(isTyped({}), false);
    assert.equal(isTyped(null), false);
    assert.equal(isTyped("typed"), false);
  });
});
