// Rule 11: grace and timeout require ttl; hardTimeout is longer than timeout; real_time forbids grace.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({ caches: { data_cache: { primary: "server", owns: ["data:*"], ttl: "1m", grace: "6h", timeout: "100ms", hardTimeout: "2s" } } });
defineManifest({ caches: { data_cache: { primary: "server", owns: ["data:*"], ttl: "1m", timeout: "1m", hardTimeout: "61s" } } });
defineManifest({ caches: { data_cache: { primary: "server", owns: ["data:*"], hardTimeout: "2s" } } });

expectError(
  defineManifest({
    caches: {
      //~ ✗ grace of cache 'data_cache' needs a ttl — add ttl
      data_cache: { primary: "server", owns: ["data:*"], grace: "6h" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ timeout of cache 'data_cache' needs a ttl — add ttl
      data_cache: { primary: "server", owns: ["data:*"], timeout: "100ms" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ hardTimeout '100ms' of cache 'data_cache' is not longer than timeout '2s' — make it longer
      data_cache: { primary: "server", owns: ["data:*"], ttl: "1m", timeout: "2s", hardTimeout: "100ms" },
    },
  }),
);

// Units differ: 1m is 60 s, not longer than 90 s.
expectError(
  defineManifest({
    caches: {
      //~ ✗ hardTimeout '1m' of cache 'data_cache' is not longer than timeout '90s' — make it longer
      data_cache: { primary: "server", owns: ["data:*"], ttl: "5m", timeout: "90s", hardTimeout: "1m" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'live_prices' is real_time and cannot have a grace — remove grace
      live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time", grace: "1m" },
    },
  }),
);
