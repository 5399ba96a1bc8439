// Rule 7: `warm.prefetch` patterns are owned by the same cache.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({
  caches: {
    data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*", "data:hot:*"], backfill: true } },
  },
});

expectError(
  defineManifest({
    caches: {
      //~ ✗ prefetch 'b:*' is not owned by cache 'data_cache' — prefetch only what it owns
      data_cache: { primary: "server", owns: ["data:*"], warm: { prefetch: ["b:*"] } },
      b_cache: { primary: "server", owns: ["b:*"] },
    },
  }),
);

// Wider than what the cache owns: 'popular:*' also holds keys that are not 'popular:top:*'.
expectError(
  defineManifest({
    caches: {
      //~ ✗ prefetch 'popular:*' is not owned by cache 'data_cache' — prefetch only what it owns
      data_cache: { primary: "server", owns: ["popular:top:*"], warm: { prefetch: ["popular:*"] } },
    },
  }),
);
