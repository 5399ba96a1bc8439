/**
 * The one walk over a value that preparing (`copy-visitor.ts`), measuring (`size-visitor.ts`) and
 * serializing (`serialize/wire-visitor.ts`) share. The walker owns what they must agree on: which kind a
 * part is (`kindOf`), what is refused (functions, symbols, class instances, cycles), the order children
 * are met in, and the path a refusal names. A visitor only says what to make of each part. A new value
 * kind is a case in `kindOf` and here, a method on `ValueVisitor` (the compiler then lists each visitor
 * that lacks it), and a tag that `deserialize` reads back.
 */
import { kindOf, describeUnsupported } from "./value-kind.js";
import { Refusal, propertySegment, indexSegment, setSegment, mapKeySegment, mapValueSegment } from "./value-path.js";

/** What a visitor makes of a value (`out`), and what it keeps while the children of each container are walked. */
export interface VisitorTypes {
  readonly out: unknown;
  readonly array: unknown;
  readonly object: unknown;
  readonly map: unknown;
  readonly set: unknown;
}

/**
 * What one walk does with each part of a value. Leaves get one call; a container gets `…Start`, one call
 * per child with the child's result, then `…End`, whose result stands for the container.
 *
 * @example
 * // SizeVisitor is the smallest: it keeps no state per container and returns nothing.
 * import { SizeVisitor, type SizeTypes } from "./size-visitor.js"
 * const size: ValueVisitor<SizeTypes> = new SizeVisitor()
 */
export interface ValueVisitor<T extends VisitorTypes> {
  /** A string, boolean or `null`. */
  primitive(value: string | boolean | null): T["out"];
  number(value: number): T["out"];
  bigint(value: bigint): T["out"];
  undefined(): T["out"];
  date(value: Date): T["out"];
  bytes(value: Uint8Array): T["out"];
  /** A result for a container without walking it (one already known to need no work), or `undefined` to walk it. */
  known(container: object): T["out"] | undefined;
  arrayStart(array: readonly unknown[]): T["array"];
  /** Element `index`, walked to `item`. */
  arrayItem(state: T["array"], index: number, item: T["out"], element: unknown): void;
  /** A missing element of a sparse array: `index in array` is false. */
  arrayHole(state: T["array"], index: number): void;
  arrayEnd(state: T["array"], array: readonly unknown[]): T["out"];
  /** A plain object (prototype `Object.prototype` or `null`) with no symbol keys, and its own enumerable keys. */
  objectStart(object: Readonly<Record<string, unknown>>, keys: readonly string[]): T["object"];
  /** Property `keys[index]`, walked to `item`. */
  objectEntry(state: T["object"], index: number, key: string, item: T["out"], element: unknown): void;
  objectEnd(state: T["object"], object: Readonly<Record<string, unknown>>): T["out"];
  mapStart(map: ReadonlyMap<unknown, unknown>): T["map"];
  mapEntry(state: T["map"], key: T["out"], item: T["out"]): void;
  mapEnd(state: T["map"], map: ReadonlyMap<unknown, unknown>): T["out"];
  setStart(set: ReadonlySet<unknown>): T["set"];
  setMember(state: T["set"], member: T["out"]): void;
  setEnd(state: T["set"], set: ReadonlySet<unknown>): T["out"];
}

/**
 * Walks a value with a visitor and returns what the visitor made of it.
 *
 * @example
 * import { SizeVisitor } from "./size-visitor.js"
 * const size = new SizeVisitor()
 * walkValue({ a: [1] }, size)
 * size.total //=> 96
 * @throws Refusal for a function, symbol (value or key), class instance or cycle, with the path to it
 */
export function walkValue<T extends VisitorTypes>(value: unknown, visitor: ValueVisitor<T>): T["out"] {
  return new ValueWalker(visitor).value(value);
}

// A refusal unwinds through each container on its way out, and each adds the segment of the child it was walking.
function within(error: unknown, segment: string): unknown {
  return error instanceof Refusal ? error.within(segment) : error;
}

class ValueWalker<T extends VisitorTypes> {
  readonly #visitor: ValueVisitor<T>;
  // Only ancestors make a cycle: a shared, acyclic reference is walked once per reference, as the wire writes it.
  readonly #ancestors = new Set<object>();

  constructor(visitor: ValueVisitor<T>) {
    this.#visitor = visitor;
  }

  value(value: unknown): T["out"] {
    const visitor = this.#visitor;
    const kind = kindOf(value);
    switch (kind) {
      case "primitive":
        return visitor.primitive(value as string | boolean | null);
      case "number":
        return visitor.number(value as number);
      case "bigint":
        return visitor.bigint(value as bigint);
      case "undefined":
        return visitor.undefined();
      case "date":
        return visitor.date(value as Date);
      case "bytes":
        return visitor.bytes(value as Uint8Array);
      case "array":
      case "object":
      case "map":
      case "set":
        return this.#container(kind, value as object);
      default:
        throw new Refusal(describeUnsupported(value));
    }
  }

  #container(kind: "array" | "object" | "map" | "set", container: object): T["out"] {
    const known = this.#visitor.known(container);
    if (known !== undefined) return known;
    if (this.#ancestors.has(container)) throw new Refusal("a cycle");
    this.#ancestors.add(container);
    try {
      switch (kind) {
        case "array":
          return this.#array(container as readonly unknown[]);
        case "object":
          return this.#object(container as Record<string, unknown>);
        case "map":
          return this.#map(container as ReadonlyMap<unknown, unknown>);
        case "set":
          return this.#set(container as ReadonlySet<unknown>);
      }
    } finally {
      this.#ancestors.delete(container);
    }
  }

  #array(array: readonly unknown[]): T["out"] {
    const visitor = this.#visitor;
    const state = visitor.arrayStart(array);
    for (let index = 0; index < array.length; index++) {
      const element = array[index];
      if (element === undefined && !(index in array)) {
        visitor.arrayHole(state, index);
        continue;
      }
      let item: T["out"];
      try {
        item = this.value(element);
      } catch (error) {
        throw within(error, indexSegment(index));
      }
      visitor.arrayItem(state, index, item, element);
    }
    return visitor.arrayEnd(state, array);
  }

  #object(object: Record<string, unknown>): T["out"] {
    const symbols = Object.getOwnPropertySymbols(object);
    if (symbols.length > 0) throw new Refusal("a symbol").within(propertySegment(symbols[0]!));
    const visitor = this.#visitor;
    const keys = Object.keys(object);
    const state = visitor.objectStart(object, keys);
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const element = object[key];
      let item: T["out"];
      try {
        item = this.value(element);
      } catch (error) {
        throw within(error, propertySegment(key));
      }
      visitor.objectEntry(state, index, key, item, element);
    }
    return visitor.objectEnd(state, object);
  }

  #map(map: ReadonlyMap<unknown, unknown>): T["out"] {
    const visitor = this.#visitor;
    const state = visitor.mapStart(map);
    let index = 0;
    for (const [key, element] of map) {
      let keyOut: T["out"];
      try {
        keyOut = this.value(key);
      } catch (error) {
        throw within(error, mapKeySegment(index));
      }
      let item: T["out"];
      try {
        item = this.value(element);
      } catch (error) {
        throw within(error, mapValueSegment(key, index));
      }
      visitor.mapEntry(state, keyOut, item);
      index++;
    }
    return visitor.mapEnd(state, map);
  }

  #set(set: ReadonlySet<unknown>): T["out"] {
    const visitor = this.#visitor;
    const state = visitor.setStart(set);
    let index = 0;
    for (const member of set) {
      let item: T["out"];
      try {
        item = this.value(member);
      } catch (error) {
        throw within(error, setSegment(index));
      }
      visitor.setMember(state, item);
      index++;
    }
    return visitor.setEnd(state, set);
  }
}
