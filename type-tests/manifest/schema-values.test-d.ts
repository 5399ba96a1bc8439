// Schemas as values: `value:` takes any Standard Schema (zod 4, valibot) beside typed<T>(); the value
// type is the schema's output type. `validate` needs a schema; `version` is a non-empty string or a number.
import { expectError, expectType } from "tsd";
import * as v from "valibot";
import { z } from "zod";
import { defineManifest, typed, type ValueOf } from "../../src/index.js";

const zodUser = z.object({ id: z.number(), name: z.string(), born: z.date(), tags: z.array(z.string()) });
const valibotUser = v.object({ id: v.number(), name: v.string(), nickname: v.optional(v.string()) });
// An output type that differs from the input type: the value type is the output.
const trimmed = z.string().transform((text) => text.length);

export const app = defineManifest({
  caches: {
    zod_users: { primary: "server", owns: ["zu:*"], value: zodUser, validate: "both", version: "2026-12-04" },
    valibot_users: { primary: "server", owns: ["vu:*"], value: valibotUser, validate: "read", version: 3 },
    lengths: { primary: "server", owns: ["len:*"], value: trimmed, validate: "write" },
    typed_users: { primary: "server", owns: ["tu:*"], value: typed<{ id: number }>(), version: "v2" },
  },
});
expectType<{ id: number; name: string; born: Date; tags: string[] }>(null as unknown as ValueOf<typeof app, "zod_users">);
expectType<{ id: number; name: string; nickname?: string | undefined }>(null as unknown as ValueOf<typeof app, "valibot_users">);
expectType<number>(null as unknown as ValueOf<typeof app, "lengths">);
expectType<{ id: number }>(null as unknown as ValueOf<typeof app, "typed_users">);

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'typed_users' validates values but its value is not a schema — give value a Standard Schema (zod, valibot, …) or remove validate
      typed_users: { primary: "server", owns: ["tu:*"], value: typed<{ id: number }>(), validate: "read" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'users' validates values but its value is not a schema — give value a Standard Schema (zod, valibot, …) or remove validate
      users: { primary: "server", owns: ["user:*"], validate: "both" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ validate of cache 'users' must be 'read', 'write' or 'both'
      users: { primary: "server", owns: ["user:*"], value: zodUser, validate: "always" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ version of cache 'users' must be a non-empty string or a number
      users: { primary: "server", owns: ["user:*"], version: "" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ version of cache 'users' must be a non-empty string or a number
      users: { primary: "server", owns: ["user:*"], version: true },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ value of cache 'users' must be typed<T>() or a Standard Schema (zod, valibot, …)
      users: { primary: "server", owns: ["user:*"], value: { id: 1 } },
    },
  }),
);
