import type { ValueVisitor } from "./value-walker.js";
import * as Size from "./value-size.js";

/** A measuring walk keeps nothing per container and makes nothing of a value. */
export interface SizeTypes {
  readonly out: void;
  readonly array: void;
  readonly object: void;
  readonly map: void;
  readonly set: void;
}

/**
 * Adds up the heap a stored value retains (the figures are in `value-size.ts`): each part costs its slot
 * in its container plus what the slot points to. A sparse array's holes cost nothing, as in the copy,
 * which skips them.
 *
 * @example
 * import { walkValue } from "./value-walker.js"
 * const size = new SizeVisitor()
 * walkValue("hello", size)
 * size.total //=> 32
 */
export class SizeVisitor implements ValueVisitor<SizeTypes> {
  /** Bytes counted so far: after a refused walk, those of the parts met before the refusal. */
  total = 0;

  primitive(value: string | boolean | null): void {
    this.total += typeof value === "string" ? Size.SLOT + Size.stringBytes(value) : Size.SLOT;
  }

  number(value: number): void {
    this.total += Size.SLOT + Size.numberBytes(value);
  }

  bigint(value: bigint): void {
    this.total += Size.SLOT + Size.bigintBytes(value);
  }

  undefined(): void {
    this.total += Size.SLOT;
  }

  date(): void {
    this.total += Size.SLOT + Size.DATE_SIZE;
  }

  bytes(value: Uint8Array): void {
    this.total += Size.SLOT + Size.BYTES_HEADER + value.byteLength;
  }

  known(): undefined {
    return undefined;
  }

  arrayStart(): void {
    this.total += Size.SLOT + Size.ARRAY_HEADER;
  }

  arrayItem(): void {}

  arrayHole(): void {}

  arrayEnd(): void {}

  objectStart(): void {
    this.total += Size.SLOT + Size.OBJECT_HEADER;
  }

  objectEntry(): void {}

  objectEnd(): void {}

  mapStart(): void {
    this.total += Size.SLOT + Size.COLLECTION_HEADER;
  }

  // The key's and the value's slots are counted with them; an entry adds its link and bucket share.
  mapEntry(): void {
    this.total += Size.MAP_ENTRY - 2 * Size.SLOT;
  }

  mapEnd(): void {}

  setStart(): void {
    this.total += Size.SLOT + Size.COLLECTION_HEADER;
  }

  setMember(): void {
    this.total += Size.SET_MEMBER - Size.SLOT;
  }

  setEnd(): void {}
}
