// One walker, three visitors: `set` (prepareValue), the wire (serialize, serializeEntry) and the size
// estimate (valueBytes) must never disagree about a value. A value `set` accepts is a value Redis and HTTP
// can write, and one refused is refused by all three with the same words and the same path.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { prepareValue, valueBytes } from "../../src/runtime/values/index.js";
import { serialize, serializeEntry } from "../../src/runtime/serialize/index.js";
import { ValueError } from "../../src/index.node.js";
import { unserializableValueMessage } from "../../src/runtime/messages/manifest.js";

const ctx = { key: "k:1", cache: "c", layer: "server" };
class Money {
  amount = 1;
}

// What the format keeps, and what it refuses, at any depth: a function or symbol (also as a Map key or Set
// member), a class instance, a typed array other than bytes.
const leaves = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.oneof(
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.double(),
      fc.bigInt(),
      fc.date(),
      fc.uint8Array({ maxLength: 8 }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<() => unknown>(
        () => () => 1,
        () => Symbol("s"),
        () => new Money(),
        () => new URL("https://a.example"),
        () => new Float64Array(1),
        () => new Map([[() => 1, 1]]),
        () => new Set([Symbol("member")]),
        () => Buffer.from([1]),
      )
      .map((make) => make()),
  },
);
const tree = fc.anything({
  values: [leaves],
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withSparseArray: true,
  withNullPrototype: true,
  maxDepth: 4,
  key: fc.oneof(fc.string(), fc.constantFrom("$", "__proto__", "on change")),
});

// The containers of a value, each with its ancestors (itself included), in walk order.
function containers(value: unknown, ancestors: object[] = [], found: object[][] = []): object[][] {
  if (typeof value !== "object" || value === null || value instanceof Date || ArrayBuffer.isView(value)) return found;
  const here = [...ancestors, value];
  found.push(here);
  const children =
    value instanceof Map ? [...value].flat()
    : value instanceof Set ? [...value]
    : Object.values(value);
  for (const child of children) containers(child, here, found);
  return found;
}

// Some values get a cycle (a container holding one of its ancestors) or a symbol key on a plain object.
const anything = fc.tuple(tree, fc.nat(), fc.nat(), fc.constantFrom("cycle", "symbol key", "as generated")).map(([value, at, up, twist]) => {
  const found = containers(value).filter((chain) => !Object.isFrozen(chain.at(-1)));
  if (twist === "as generated" || found.length === 0) return value;
  const chain = found[at % found.length]!;
  const container = chain.at(-1)!;
  const ancestor = chain[up % chain.length]!;
  if (twist === "symbol key") (container as Record<symbol, unknown>)[Symbol("k")] = 1;
  else if (container instanceof Map) container.set("loop", ancestor);
  else if (container instanceof Set) container.add(ancestor);
  else if (Array.isArray(container)) container.push(ancestor);
  else (container as Record<string, unknown>)["loop"] = ancestor;
  return value;
});

type Outcome = { accepted: true } | { accepted: false; what: string; path: string };

function wireOutcome(write: () => string): Outcome {
  try {
    write();
    return { accepted: true };
  } catch (error) {
    assert.ok(error instanceof TypeError, `the wire refuses with a TypeError, not ${String(error)}`);
    const [, what, path] = /^cannot serialize (.+?) at '(.*)'$/s.exec(error.message) ?? assert.fail(`unexpected text: ${error.message}`);
    return { accepted: false, what: what!, path: path! };
  }
}

function setOutcome(prepare: () => unknown, wire: Outcome): Outcome {
  try {
    prepare();
    return { accepted: true };
  } catch (error) {
    assert.ok(error instanceof ValueError, `set refuses with a ValueError, not ${String(error)}`);
    assert.equal(error.key, ctx.key);
    const path = error.path ?? assert.fail("set names the path");
    // The words come from the wire's refusal: the same thing, named the same way.
    const what = wire.accepted ? "?" : wire.what;
    assert.equal(error.message, unserializableValueMessage(ctx.cache, what, path));
    return { accepted: false, what, path };
  }
}

describe("one walk decides for set, the wire and the size estimate", () => {
  it("refuses the same values at the same path, and accepts the rest with one size", () => {
    fc.assert(
      fc.property(anything, (value) => {
        const wire = wireOutcome(() => serialize(value));
        assert.deepStrictEqual(
          wireOutcome(() => serializeEntry({ value, storedAt: 0 })),
          wire,
          "serializeEntry",
        );
        assert.deepStrictEqual(
          setOutcome(() => prepareValue(value, ctx), wire),
          wire,
          "prepareValue",
        );
        assert.deepStrictEqual(
          setOutcome(() => prepareValue(value, ctx, { copy: false }), wire),
          wire,
          "prepareValue, copy: false",
        );
        const measured = valueBytes(value); // never refuses: it sizes what a store holds
        if (!wire.accepted) return;
        const stored = prepareValue(value, ctx);
        assert.equal(stored.bytes, measured);
        assert.equal(prepareValue(value, ctx, { copy: false }).bytes, measured);
        assert.equal(valueBytes(stored.value), measured);
        assert.equal(serialize(stored.value), serialize(value));
      }),
      { numRuns: 500 },
    );
  });

  it("names the first refused part in walk order: keys before values, elements and members by index", () => {
    const value = {
      a: [
        1,
        new Map<unknown, unknown>([
          ["ok", 1],
          [Symbol("key"), () => 1],
        ]),
      ],
      b: () => 2,
    };
    const wire = wireOutcome(() => serialize(value));
    assert.deepStrictEqual(wire, { accepted: false, what: "a symbol", path: ".a[1]<Map>.keys()[1]" });
    assert.deepStrictEqual(
      setOutcome(() => prepareValue(value, ctx), wire),
      wire,
    );
  });
});
