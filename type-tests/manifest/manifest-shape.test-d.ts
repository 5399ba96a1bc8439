// Bad input the types can see: unknown fields, malformed patterns, wrong kinds of values.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'user_data' has no field 'invalidate' — use primary, owns, value, validate, version, invalidates, maxSize, ttl, grace, timeout, hardTimeout, streaming, chunkSize, warm, lifetime, exclusive, strategy or private
      user_data: { primary: "client", owns: ["user:*"], invalidate: ["profile:*"] },
      profile: { primary: "edge", owns: ["profile:*"] },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ pattern 'user:**' in owns of cache 'user_data' is not a pattern — write a non-empty key with single '*' wildcards, like 'user:*'
      user_data: { primary: "client", owns: ["user:**"] },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ pattern '' in owns of cache 'user_data' is not a pattern — write a non-empty key with single '*' wildcards, like 'user:*'
      user_data: { primary: "client", owns: [""] },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ owns of cache 'user_data' must be a non-empty array of patterns
      user_data: { primary: "client", owns: [] },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ lifetime of cache 'request_temp' must be 'static', 'request' or 'session'
      request_temp: { primary: "server", owns: ["req:*"], lifetime: "forever" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ strategy of cache 'settings' must be 'offline_first' or 'real_time'
      settings: { primary: "client", owns: ["settings:*"], strategy: "offline-first" },
    },
  }),
);
