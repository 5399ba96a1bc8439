import type { ValueVisitor } from "./value-walker.js";
import { SizeVisitor } from "./size-visitor.js";
import { lockMap, lockSet, lockDate, exposeBytesAt, copyBytes } from "./read-only.js";
import { TAG_KEY } from "./tags.js";

/** A copying walk returns the copy, and gathers each container's copied children before building it. */
export interface CopyTypes {
  readonly out: unknown;
  readonly array: unknown[];
  readonly object: [string, unknown][];
  readonly map: [unknown, unknown][];
  readonly set: unknown[];
}

/**
 * Makes the read-only copy `prepareValue` stores: plain objects and arrays frozen, Maps, Sets and Dates
 * with throwing mutators, byte arrays copied and handed out as a fresh copy on every read (see
 * `read-only.ts`). In the same walk it measures the copy (`size`) and notes whether it needs a wire tag
 * anywhere (`plainJson`, see `isPlainJson`).
 *
 * @example
 * import { walkValue } from "./value-walker.js"
 * const copy = new CopyVisitor()
 * const stored = walkValue({ at: new Date(0) }, copy) as { at: Date } // frozen; stored.at.setTime(1) throws a TypeError
 * copy.plainJson //=> false
 */
export class CopyVisitor implements ValueVisitor<CopyTypes> {
  readonly size = new SizeVisitor();
  /** Stays `true` while nothing met needs a wire tag: no `undefined`, non-finite number, `-0`, bigint, Date, Map, Set, bytes, hole or own `"$"` key. */
  plainJson = true;

  primitive(value: string | boolean | null): unknown {
    this.size.primitive(value);
    return value;
  }

  number(value: number): unknown {
    this.size.number(value);
    if (!Number.isFinite(value) || Object.is(value, -0)) this.plainJson = false;
    return value;
  }

  bigint(value: bigint): unknown {
    this.size.bigint(value);
    this.plainJson = false;
    return value;
  }

  undefined(): unknown {
    this.size.undefined();
    this.plainJson = false;
    return undefined;
  }

  date(value: Date): unknown {
    this.size.date();
    this.plainJson = false;
    return lockDate(new Date(value.getTime()));
  }

  bytes(value: Uint8Array): unknown {
    this.size.bytes(value);
    this.plainJson = false;
    return copyBytes(value);
  }

  // A value prepared before is reused only as a whole (see `prepareValue`): inside another value it is
  // copied again, like any part, so each stored value owns all of its parts.
  known(): undefined {
    return undefined;
  }

  // `slice` sizes the copy exactly and keeps its holes and element kind; `push` into `[]` would leave up to
  // 16 spare slots per array. Each element is then replaced by its copy.
  arrayStart(array: readonly unknown[]): unknown[] {
    this.size.arrayStart();
    return array.slice();
  }

  arrayItem(copy: unknown[], index: number, item: unknown): void {
    if (item instanceof Uint8Array) exposeBytesAt(copy, index, item);
    else copy[index] = item;
  }

  arrayHole(): void {
    this.plainJson = false;
  }

  arrayEnd(copy: unknown[]): unknown {
    return Object.freeze(copy);
  }

  objectStart(object: Readonly<Record<string, unknown>>): [string, unknown][] {
    this.size.objectStart();
    if (Object.hasOwn(object, TAG_KEY)) this.plainJson = false;
    return [];
  }

  objectEntry(entries: [string, unknown][], _index: number, key: string, item: unknown): void {
    entries.push([key, item]);
  }

  // fromEntries sizes the object exactly (a `{}` grown key by key keeps slack) and defines "__proto__" as
  // data, never as the prototype.
  objectEnd(entries: [string, unknown][]): unknown {
    const copy = Object.fromEntries(entries) as Record<string, unknown>;
    for (const [key, item] of entries) if (item instanceof Uint8Array) exposeBytesAt(copy, key, item);
    return Object.freeze(copy);
  }

  mapStart(): [unknown, unknown][] {
    this.size.mapStart();
    this.plainJson = false;
    return [];
  }

  mapEntry(pairs: [unknown, unknown][], key: unknown, item: unknown): void {
    this.size.mapEntry();
    pairs.push([key, item]);
  }

  mapEnd(pairs: [unknown, unknown][]): unknown {
    return lockMap(
      new Map(pairs),
      pairs.some(([, item]) => item instanceof Uint8Array),
    );
  }

  setStart(): unknown[] {
    this.size.setStart();
    this.plainJson = false;
    return [];
  }

  setMember(members: unknown[], member: unknown): void {
    this.size.setMember();
    members.push(member);
  }

  setEnd(members: unknown[]): unknown {
    return lockSet(new Set(members));
  }
}
