import type { Typed } from "../../types/manifest/typed.js";

/**
 * The key that marks a `typed<T>()` value at run time (a registered symbol, so two copies of the
 * library agree on it).
 *
 * @example
 * typed<User>()[typedMarker as never]  //=> true
 */
export const typedMarker: unique symbol = Symbol.for("borrowcache.typed");

const marker = Object.freeze({ [typedMarker]: true as const });

/**
 * Declares a cache's value type: `value: typed<User>()`. A phantom: at run time it is one frozen
 * marker object, and `T` exists only for the checker.
 *
 * @example
 * defineManifest({ caches: { user_data: { primary: "client", owns: ["user:*"], value: typed<User>() } } })
 */
export function typed<T>(): Typed<T> {
  return marker as unknown as Typed<T>;
}

/**
 * Whether a value was made by `typed()`.
 *
 * @example
 * isTyped(typed<number>())  //=> true
 * isTyped({})               //=> false
 */
export function isTyped(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { [typedMarker]?: unknown })[typedMarker] === true;
}
