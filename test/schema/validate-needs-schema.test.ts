// The run-time side of the schema fields, from JavaScript (no tsc): `validate` needs a schema, and
// `value`, `validate` and `version` have their shapes; each issue names the rule, the cache and the field.
import { describe, it } from "node:test";
import { z } from "zod";
import { typed } from "../../src/index.js";
import type { BadFieldMessage, ValidateWithoutSchemaMessage } from "../../src/types/messages/manifest.js";
import type { Located } from "../../src/types/messages/location.js";
import { assertAccepted, assertRejectedWith } from "../guards/helpers/define.js";

const user = z.object({ name: z.string() });

describe("validate needs a schema", () => {
  it("accepts a schema with each validate mode, and typed<T>() without one", () => {
    for (const validate of ["read", "write", "both"] as const)
      assertAccepted({ caches: { users: { primary: "server", owns: ["user:*"], value: user, validate, version: "2026-12-04" } } });
    assertAccepted({ caches: { users: { primary: "server", owns: ["user:*"], value: typed<{ name: string }>(), version: 3 } } });
  });

  it("rejects validate on a typed<T>() value, naming the cache and the field", () => {
    assertRejectedWith(
      { caches: { users: { primary: "server", owns: ["user:*"], value: typed<{ name: string }>(), validate: "read" } } },
      {
        rule: "validate-needs-schema",
        message:
          "✗ cache 'users' validates values but its value is not a schema — give value a Standard Schema (zod, valibot, …) or remove validate (at caches.users.validate)" satisfies Located<
            ValidateWithoutSchemaMessage<"users">,
            "caches.users.validate"
          >,
        cache: "users",
        layer: "server",
        field: "validate",
      },
    );
  });

  it("rejects a value that is neither typed<T>() nor a Standard Schema", () => {
    assertRejectedWith(
      { caches: { users: { primary: "server", owns: ["user:*"], value: { parse: () => 1 } } } },
      {
        rule: "manifest-shape",
        message: "✗ value of cache 'users' must be typed<T>() or a Standard Schema (zod, valibot, …) (at caches.users.value)" satisfies Located<
          BadFieldMessage<"value", "users", "typed<T>() or a Standard Schema (zod, valibot, …)">,
          "caches.users.value"
        >,
        cache: "users",
        layer: "server",
        field: "value",
      },
    );
  });

  it("rejects an empty or non-finite version", () => {
    for (const version of ["", Number.NaN, Number.POSITIVE_INFINITY, true])
      assertRejectedWith(
        { caches: { users: { primary: "server", owns: ["user:*"], version } } },
        {
          rule: "manifest-shape",
          message: "✗ version of cache 'users' must be a non-empty string or a number (at caches.users.version)" satisfies Located<
            BadFieldMessage<"version", "users", "a non-empty string or a number">,
            "caches.users.version"
          >,
          cache: "users",
          layer: "server",
          field: "version",
        },
      );
  });
});
