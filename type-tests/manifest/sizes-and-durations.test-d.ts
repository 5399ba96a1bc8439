// Rule 6: maxSize, chunkSize, ttl (and grace, timeout, hardTimeout) are literal strings of the right form.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({
  caches: {
    product_cache: { primary: "edge", owns: ["products:*"], maxSize: "50MB", ttl: "30m", grace: "6h", timeout: "100ms", hardTimeout: "2s" },
    thumbs: { primary: "edge", owns: ["thumb:*"], maxSize: "1.5GB", ttl: "1d" },
    tiny: { primary: "server", owns: ["tiny:*"], maxSize: "512B", ttl: "90s" },
  },
});

expectError(
  defineManifest({
    caches: {
      //~ ✗ maxSize '50 megs' of cache 'product_cache' is not a size — write it like '50MB' (B, KB, MB, GB)
      product_cache: { primary: "edge", owns: ["products:*"], maxSize: "50 megs" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ maxSize 50 of cache 'product_cache' is not a size — write it like '50MB' (B, KB, MB, GB)
      product_cache: { primary: "edge", owns: ["products:*"], maxSize: 50 },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ maxSize '0MB' of cache 'product_cache' is not a size — write it like '50MB' (B, KB, MB, GB)
      product_cache: { primary: "edge", owns: ["products:*"], maxSize: "0MB" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ ttl 30 of cache 'sessions' is not a duration — write it like '30m' (ms, s, m, h, d)
      sessions: { primary: "server", owns: ["session:*"], ttl: 30 },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ ttl '30 minutes' of cache 'sessions' is not a duration — write it like '30m' (ms, s, m, h, d)
      sessions: { primary: "server", owns: ["session:*"], ttl: "30 minutes" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ chunkSize '-1MB' of cache 'video_cache' is not a size — write it like '50MB' (B, KB, MB, GB)
      video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "-1MB" },
    },
  }),
);
