import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { prepareValue } from "../../src/runtime/values/index.js";
import { serialize } from "../../src/index.node.js";

const ctx = { key: "k:1", cache: "c", layer: "server" };
// Invalid dates have their own case below: node's deepStrictEqual compares dates by getTime(), and
// NaN !== NaN, so it calls two invalid dates different.
const anything = fc.anything({
  values: [
    fc.oneof(
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.bigInt(),
      fc.date({ noInvalidDate: true }),
      fc.uint8Array({ maxLength: 16 }),
    ),
  ],
  withBigInt: true,
  withDate: false,
  withMap: true,
  withSet: true,
  maxDepth: 4,
});

// Every object reachable from a prepared value is frozen (byte arrays are copies handed out per read).
function assertDeepFrozen(value: unknown, path = "."): void {
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return;
  assert.ok(Object.isFrozen(value), `${path} is frozen`);
  if (value instanceof Map)
    for (const [k, v] of value) {
      assertDeepFrozen(k, `${path}<Map>key`);
      assertDeepFrozen(v, `${path}<Map>`);
    }
  else if (value instanceof Set) for (const v of value) assertDeepFrozen(v, `${path}<Set>`);
  else for (const key of Object.keys(value)) assertDeepFrozen((value as Record<string, unknown>)[key], `${path}.${key}`);
}

describe("prepareValue, for any value the format keeps", () => {
  it("returns a deep-frozen copy equal to the input, serializing to the same text", () => {
    fc.assert(
      fc.property(anything, (value) => {
        const before = serialize(value);
        const { value: prepared, bytes } = prepareValue(value, ctx);
        assert.deepStrictEqual(prepared, value);
        assertDeepFrozen(prepared);
        assert.equal(serialize(prepared), before);
        assert.equal(serialize(value), before, "the input is unchanged");
        assert.ok(bytes > 0);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps an invalid date invalid, read-only, inside a Set", () => {
    const { value: prepared } = prepareValue(new Set([new Date(Number.NaN)]), ctx);
    const [date] = [...(prepared as Set<Date>)];
    assert.ok(date instanceof Date && Number.isNaN(date.getTime()));
    assert.throws(() => date.setTime(0));
    assertDeepFrozen(prepared);
  });
});
