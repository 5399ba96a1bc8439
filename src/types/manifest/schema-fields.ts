import type { BadFieldMessage, ValidateWithoutSchemaMessage } from "../messages/manifest.js";
import type { FieldOf } from "./access.js";
import type { StandardSchemaV1 } from "@standard-schema/spec";

/**
 * `version` is a non-empty string or a number: the deploy version of a cache's data.
 *
 * @example
 * type V = CheckVersion<"user_data", "">
 * //=> "✗ version of cache 'user_data' must be a non-empty string or a number"
 */
export type CheckVersion<TCache extends string, TValue> =
  TValue extends number ? TValue
  : TValue extends string ?
    TValue extends "" ?
      BadFieldMessage<"version", TCache, "a non-empty string or a number">
    : TValue
  : BadFieldMessage<"version", TCache, "a non-empty string or a number">;

/**
 * `validate` is `"read"`, `"write"` or `"both"`, and needs a schema to run: a `typed<T>()` exists only
 * for the checker.
 *
 * @example
 * type V = CheckValidate<{ caches: { user_data: { primary: "server"; owns: ["user:*"]; value: Typed<User> } } }, "user_data", "both">
 * //=> "✗ cache 'user_data' validates values but its value is not a schema — give value a Standard Schema (zod, valibot, …) or remove validate"
 */
export type CheckValidate<TManifest, TCache extends string, TValue> =
  TValue extends "read" | "write" | "both" ?
    FieldOf<TManifest, TCache, "value"> extends StandardSchemaV1 ?
      TValue
    : ValidateWithoutSchemaMessage<TCache>
  : BadFieldMessage<"validate", TCache, "'read', 'write' or 'both'">;
