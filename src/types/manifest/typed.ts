import type { StandardSchemaV1 } from "@standard-schema/spec";

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
 * The value type of a cache: the `T` a `typed<T>()` carries, or the output type of a Standard Schema
 * (zod, valibot, …). Read by indexing (never by `extends { … }`, which misreads reverse-mapped manifest
 * types on TypeScript 5.x).
 *
 * @example
 * import type { z } from "zod";
 * type V = TypedValue<Typed<{ id: number }>>
 * //=> { id: number }
 * type W = TypedValue<z.ZodObject<{ id: z.ZodNumber }>>
 * //=> { id: number }
 */
export type TypedValue<TTyped> =
  TTyped extends Typed<unknown> ? TTyped[typeof valueType]
  : TTyped extends StandardSchemaV1 ? SchemaOutput<TTyped>
  : unknown;

/**
 * What a manifest's `value:` may be: `typed<T>()` (checked by `tsc` only) or a Standard Schema
 * (also checked at run time where values cross a trust boundary).
 *
 * @example
 * import { z } from "zod";
 * const value: ValueSpec = z.object({ id: z.number() })
 */
export type ValueSpec = Typed<unknown> | StandardSchemaV1;

/**
 * The output type of a Standard Schema (`StandardSchemaV1.InferOutput`, spelled out so it reads the
 * same on every supported TypeScript).
 *
 * @example
 * import type * as v from "valibot";
 * type V = SchemaOutput<v.ObjectSchema<{ id: v.NumberSchema<undefined> }, undefined>>
 * //=> { id: number }
 */
export type SchemaOutput<TSchema extends StandardSchemaV1> = NonNullable<TSchema["~standard"]["types"]>["output"];
