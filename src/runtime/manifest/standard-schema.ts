/**
 * Standard Schema (https://standardschema.dev), the interface zod 4, valibot, ArkType and others
 * implement: `schema["~standard"].validate(value)`. Imported as types only — `@standard-schema/spec` is
 * an optional peer, so the runtime needs no package: it only looks for the `~standard` property.
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";

export type { StandardSchemaV1 };

/**
 * Whether a manifest's `value:` is a Standard Schema (rather than `typed<T>()`).
 *
 * @example
 * import { z } from "zod";
 * isStandardSchema(z.object({ name: z.string() })) //=> true
 * isStandardSchema(typed<User>())                   //=> false
 */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const standard = (value as { "~standard"?: unknown })["~standard"];
  return (
    typeof standard === "object" &&
    standard !== null &&
    (standard as { version?: unknown }).version === 1 &&
    typeof (standard as { validate?: unknown }).validate === "function"
  );
}
