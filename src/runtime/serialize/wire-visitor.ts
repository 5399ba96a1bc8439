import { bytesToBase64 } from "./base64.js";
import { Tag, TAG_KEY } from "../values/tags.js";
import type { ValueVisitor } from "../values/value-walker.js";
import { setOwn } from "../values/set-own.js";
import { isPlainJson } from "../values/prepare-value.js";

// Copy-on-write: an array or object whose children all encode to themselves is its own encoding, so plain
// data is not copied. The copy starts at the first child that changes, from the children before it.
interface ArrayEncoding {
  readonly array: readonly unknown[];
  out: unknown[] | undefined;
}
interface ObjectEncoding {
  readonly object: Readonly<Record<string, unknown>>;
  readonly keys: readonly string[];
  out: Record<string, unknown> | undefined;
}

/** An encoding walk returns the JSON-safe form of each part. */
export interface WireTypes {
  readonly out: unknown;
  readonly array: ArrayEncoding;
  readonly object: ObjectEncoding;
  readonly map: [unknown, unknown][];
  readonly set: unknown[];
}

function tagged(tag: Tag, payload: unknown): unknown {
  return { [TAG_KEY]: tag, v: payload };
}

/**
 * Turns each part of a value into its form in borrowcache's tagged JSON (see `tags.ts`): plain data stays
 * itself; what JSON would lose becomes `{"$": tag, "v": payload}`.
 *
 * @example
 * walkValue({ n: 1n }, wireVisitor) //=> { n: { $: "b", v: "1" } }
 */
export const wireVisitor: ValueVisitor<WireTypes> = {
  primitive: (value) => value,
  number: (value) => {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return tagged(Tag.number, Object.is(value, -0) ? "-0" : String(value));
  },
  bigint: (value) => tagged(Tag.bigint, value.toString()),
  undefined: () => ({ [TAG_KEY]: Tag.undefined }),
  date: (value) => {
    const time = value.getTime();
    return tagged(Tag.date, Number.isNaN(time) ? null : time);
  },
  bytes: (value) => tagged(Tag.bytes, bytesToBase64(value)),

  // A stored value known to need no tag (see `isPlainJson`) is its own encoding: no walk.
  known: (container) => (isPlainJson(container) ? container : undefined),

  arrayStart: (array) => ({ array, out: undefined }),
  arrayItem: (state, index, item, element) => {
    if (item !== element) state.out ??= state.array.slice(0, index);
    state.out?.push(item);
  },
  // A hole reads back as `undefined`, which JSON would write as `null`.
  arrayHole: (state, index) => {
    (state.out ??= state.array.slice(0, index)).push(wireVisitor.undefined());
  },
  arrayEnd: (state) => state.out ?? state.array,

  objectStart: (object, keys) => ({ object, keys, out: undefined }),
  objectEntry: (state, index, key, item, element) => {
    if (item !== element && state.out === undefined) {
      const out: Record<string, unknown> = {};
      for (const before of state.keys.slice(0, index)) setOwn(out, before, state.object[before]);
      state.out = out;
    }
    if (state.out !== undefined) setOwn(state.out, key, item);
  },
  // A plain object that has its own "$" key is escaped, so its data is never read back as a tag.
  objectEnd: (state, object) => {
    const plain = state.out ?? object;
    return Object.hasOwn(object, TAG_KEY) ? tagged(Tag.object, plain) : plain;
  },

  mapStart: () => [],
  mapEntry: (pairs, key, item) => void pairs.push([key, item]),
  mapEnd: (pairs) => tagged(Tag.map, pairs),

  setStart: () => [],
  setMember: (members, member) => void members.push(member),
  setEnd: (members) => tagged(Tag.set, members),
};
