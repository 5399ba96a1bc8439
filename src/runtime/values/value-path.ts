/**
 * Paths to a part of a value, as error messages print them: `.profile.onChange`, `[3]`, `.tags<Set>[0]`,
 * `.prefs<Map>.get("theme")`, and `.` for the value itself. The walker (`value-walker.ts`) builds a path
 * only when it fails, by collecting segments while the error unwinds (see `Refusal`), so a successful walk
 * formats nothing.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A value that cannot be cached, found at depth. Each container the walk is in adds its segment on the
 * way out; the caller turns it into a `ValueError` (at `set`) or a `TypeError` (in `serialize`).
 *
 * @example
 * import { SizeVisitor } from "./size-visitor.js"
 * import { walkValue } from "./value-walker.js"
 * try { walkValue({ onChange() {} }, new SizeVisitor()) } catch (e) { if (e instanceof Refusal) console.log(e.what, e.path) }
 * // a function .onChange
 */
export class Refusal extends Error {
  override readonly name = "Refusal";
  readonly #segments: string[] = [];
  constructor(readonly what: string) {
    super(what);
  }
  /** Adds the segment of the frame the refusal passes through (innermost first). */
  within(segment: string): this {
    this.#segments.push(segment);
    return this;
  }
  /** The path from the root, `.` for the root itself. */
  get path(): string {
    return this.#segments.length === 0 ? "." : [...this.#segments].reverse().join("");
  }
}

/**
 * The segment of an object property.
 *
 * @example
 * propertySegment("onChange") //=> ".onChange"
 * propertySegment("my key")   //=> '["my key"]'
 */
export function propertySegment(key: string | symbol): string {
  if (typeof key === "symbol") return `[${String(key)}]`;
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * The segment of an array element.
 *
 * @example
 * indexSegment(3) //=> "[3]"
 */
export function indexSegment(index: number): string {
  return `[${index}]`;
}

/**
 * The segment of the n-th member of a Set.
 *
 * @example
 * setSegment(0) //=> "<Set>[0]"
 */
export function setSegment(index: number): string {
  return `<Set>[${index}]`;
}

/**
 * The segment of a Map key (`<Map>.keys()[n]`).
 *
 * @example
 * mapKeySegment(2) //=> "<Map>.keys()[2]"
 */
export function mapKeySegment(index: number): string {
  return `<Map>.keys()[${index}]`;
}

/**
 * The segment of a Map value: `<Map>.get("theme")` for a string or number key, `<Map>.values()[n]` otherwise.
 *
 * @example
 * mapValueSegment("theme", 0) //=> '<Map>.get("theme")'
 */
export function mapValueSegment(key: unknown, index: number): string {
  if (typeof key === "string" || (typeof key === "number" && Number.isFinite(key))) return `<Map>.get(${JSON.stringify(key)})`;
  return `<Map>.values()[${index}]`;
}
