// Rule 13 on a schema's output type: what a schema produces must survive Redis, HTTP and IndexedDB too.
// Its run-time twin runs at `set`, where the value is seen (test/schema/rule-13-twin.test.ts reads this file's texts).
import { expectError } from "tsd";
import * as v from "valibot";
import { z } from "zod";
import { defineManifest } from "../../src/index.js";

defineManifest({ caches: { users: { primary: "client", owns: ["user:*"], value: z.object({ born: z.date(), avatar: z.instanceof(Uint8Array) }) } } });

expectError(
  defineManifest({
    caches: {
      //~ ✗ value of cache 'user_data' holds a function at '.onChange' — values must survive Redis, HTTP and IndexedDB
      user_data: { primary: "client", owns: ["user:*"], value: z.object({ id: z.number(), onChange: z.custom<() => void>() }) },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ value of cache 'user_data' holds a symbol at '.profile.secret' — values must survive Redis, HTTP and IndexedDB
      user_data: { primary: "client", owns: ["user:*"], value: v.object({ profile: v.object({ secret: v.symbol() }) }) },
    },
  }),
);
