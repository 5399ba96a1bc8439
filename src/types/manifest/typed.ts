/** The phantom key under which `typed<T>()` carries `T`; nothing is stored under it at run time. */
export declare const valueType: unique symbol;

/**
 * The value type of a cache, made by `typed<T>()`: a phantom that exists only for the checker.
 *
 * @example
 * const value: Typed<User> = typed<User>()
 */
export interface Typed<TValue> {
  readonly [valueType]: TValue;
}

/**
 * The `T` a `typed<T>()` carries, read by indexing (never by `extends { … }`, which misreads
 * reverse-mapped manifest types on TypeScript 5.x).
 *
 * @example
 * type V = TypedValue<Typed<{ id: number }>>
 * //=> { id: number }
 */
export type TypedValue<TTyped> = TTyped extends Typed<unknown> ? TTyped[typeof valueType] : unknown;
