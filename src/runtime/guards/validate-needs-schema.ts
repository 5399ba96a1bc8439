import { isStandardSchema } from "../manifest/standard-schema.js";
import { validateWithoutSchemaMessage } from "../messages/manifest.js";
import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";

/**
 * `validate` runs a schema, so a cache with `validate` has a Standard Schema as `value`: `typed<T>()`
 * exists only for the checker.
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { user_data: { primary: "server", owns: ["user:*"], value: typed<User>(), validate: "both" } } })
 * validateNeedsSchema(view!)[0]?.message
 * //=> "✗ cache 'user_data' validates values but its value is not a schema — give value a Standard Schema (zod, valibot, …) or remove validate"
 */
export const validateNeedsSchema: Guard = (manifest) =>
  manifest.caches.flatMap((cache) =>
    cache.input["validate"] !== undefined && !isStandardSchema(cache.input["value"]) ?
      [issueOn(cache, "validate-needs-schema", validateWithoutSchemaMessage(cache.name), { field: "validate" })]
    : [],
  );
