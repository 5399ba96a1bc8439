/**
 * What a value is, for the one walker (`value-walker.ts`) that checks, copies, measures and serializes
 * values: one classification, so the rule "what may be cached" (rule 13 of docs/design.md#manifest-rules,
 * docs/design.md#values-and-serialization) is written once.
 */

/** The kinds a cached value may be made of, plus the three it may not (`function`, `symbol`, `instance`). */
export type ValueKind =
  "primitive" | "number" | "bigint" | "undefined" | "array" | "object" | "date" | "map" | "set" | "bytes" | "function" | "symbol" | "instance";

/**
 * Classifies one value (not its children). Plain objects are those whose prototype is `Object.prototype`
 * or `null`; subclasses of `Date`, `Map`, `Set` and `Uint8Array` (our read-only ones, Node's `Buffer`)
 * count as their base, since only the base survives a round trip anyway.
 *
 * @example
 * kindOf(new Map()) //=> "map"
 * kindOf(new URL("https://a.b")) //=> "instance"
 */
export function kindOf(value: unknown): ValueKind {
  switch (typeof value) {
    case "string":
    case "boolean":
      return "primitive";
    case "number":
      return "number";
    case "bigint":
      return "bigint";
    case "undefined":
      return "undefined";
    case "function":
      return "function";
    case "symbol":
      return "symbol";
  }
  if (value === null) return "primitive";
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return "object";
  if (proto === Array.prototype) return "array";
  if (value instanceof Date) return "date";
  if (value instanceof Map) return "map";
  if (value instanceof Set) return "set";
  if (value instanceof Uint8Array) return "bytes";
  return "instance";
}

/**
 * The words the rule-13 message uses for a value that cannot be cached: "a function", "a symbol",
 * "an instance of Foo".
 *
 * @example
 * describeUnsupported(() => 1) //=> "a function"
 * describeUnsupported(new URL("https://a.b")) //=> "an instance of URL"
 */
export function describeUnsupported(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  const proto = value === null || typeof value !== "object" ? null : (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null);
  const name = proto?.constructor?.name;
  return typeof name === "string" && name !== "" ? `an instance of ${name}` : "an instance of an anonymous class";
}
