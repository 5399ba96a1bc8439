// Rule 1: every `primary` is one of `layers`.
import { expectError, expectType } from "tsd";
import { defineManifest } from "../../src/index.js";

const ok = defineManifest({ caches: { user_data: { primary: "client", owns: ["user:*"] } } });
expectType<"client">(ok.caches.user_data.primary);

const custom = defineManifest({ layers: ["browser", "origin"], caches: { user_data: { primary: "origin", owns: ["user:*"] } } });
expectType<"origin">(custom.caches.user_data.primary);

expectError(
  defineManifest({
    caches: {
      //~ ✗ primary 'clinet' of cache 'user_data' is not a layer — use one of 'client', 'edge', 'server'
      user_data: { primary: "clinet", owns: ["user:*"] },
    },
  }),
);

expectError(
  defineManifest({
    layers: ["browser", "origin"],
    caches: {
      //~ ✗ primary 'server' of cache 'user_data' is not a layer — use one of 'browser', 'origin'
      user_data: { primary: "server", owns: ["user:*"] },
    },
  }),
);
