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

// Every tag has one shape, "$" before "v": the wire text depends on that key order.
function tagged(tag: Tag, payload: unknown): unknown {
  return { [TAG_KEY]: tag, v: payload };
}

// A class rather than an object literal of arrow functions: with its methods on a prototype, the shared
// walker serializes as fast as the dedicated encoder it replaced; the literal was 3–5% slower
// (bench/runtime/value-walk.ts, and an A/B run against the old encoder in one process).
class WireVisitor implements ValueVisitor<WireTypes> {
  primitive(value: string | boolean | null): unknown {
    return value;
  }

  number(value: number): unknown {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return tagged(Tag.number, Object.is(value, -0) ? "-0" : String(value));
  }

  bigint(value: bigint): unknown {
    return tagged(Tag.bigint, value.toString());
  }

  undefined(): unknown {
    return { [TAG_KEY]: Tag.undefined };
  }

  date(value: Date): unknown {
    const time = value.getTime();
    return tagged(Tag.date, Number.isNaN(time) ? null : time);
  }

  bytes(value: Uint8Array): unknown {
    return tagged(Tag.bytes, bytesToBase64(value));
  }

  // A stored value known to need no tag (see `isPlainJson`) is its own encoding: no walk.
  known(container: object): unknown {
    return isPlainJson(container) ? container : undefined;
  }

  arrayStart(array: readonly unknown[]): ArrayEncoding {
    return { array, out: undefined };
  }

  arrayItem(state: ArrayEncoding, index: number, item: unknown, element: unknown): void {
    if (item !== element) state.out ??= state.array.slice(0, index);
    state.out?.push(item);
  }

  // A hole reads back as `undefined`, which JSON would write as `null`.
  arrayHole(state: ArrayEncoding, index: number): void {
    (state.out ??= state.array.slice(0, index)).push(this.undefined());
  }

  arrayEnd(state: ArrayEncoding): unknown {
    return state.out ?? state.array;
  }

  objectStart(object: Readonly<Record<string, unknown>>, keys: readonly string[]): ObjectEncoding {
    return { object, keys, out: undefined };
  }

  objectEntry(state: ObjectEncoding, index: number, key: string, item: unknown, element: unknown): void {
    if (item !== element && state.out === undefined) {
      const out: Record<string, unknown> = {};
      for (const before of state.keys.slice(0, index)) setOwn(out, before, state.object[before]);
      state.out = out;
    }
    if (state.out !== undefined) setOwn(state.out, key, item);
  }

  // A plain object that has its own "$" key is escaped, so its data is never read back as a tag.
  objectEnd(state: ObjectEncoding, object: Readonly<Record<string, unknown>>): unknown {
    const plain = state.out ?? object;
    return Object.hasOwn(object, TAG_KEY) ? tagged(Tag.object, plain) : plain;
  }

  mapStart(): [unknown, unknown][] {
    return [];
  }

  mapEntry(pairs: [unknown, unknown][], key: unknown, item: unknown): void {
    pairs.push([key, item]);
  }

  mapEnd(pairs: [unknown, unknown][]): unknown {
    return tagged(Tag.map, pairs);
  }

  setStart(): unknown[] {
    return [];
  }

  setMember(members: unknown[], member: unknown): void {
    members.push(member);
  }

  setEnd(members: unknown[]): unknown {
    return tagged(Tag.set, members);
  }
}

/**
 * Turns each part of a value into its form in borrowcache's tagged JSON (see `tags.ts`): plain data stays
 * itself; what JSON would lose becomes `{"$": tag, "v": payload}`. It keeps no state, so one serves every walk.
 *
 * @example
 * import { walkValue } from "../values/value-walker.js"
 * walkValue({ n: 1n }, wireVisitor) //=> { n: { $: "b", v: "1" } }
 */
export const wireVisitor: ValueVisitor<WireTypes> = new WireVisitor();
