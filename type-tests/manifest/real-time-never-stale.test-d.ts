// Rule 9: `strategy: "real_time"` forbids ttl, warm (and grace), and a primary other than the origin layer.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({ caches: { live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time" } } });

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'live_prices' is real_time and cannot have a ttl — remove ttl
      live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time", ttl: "5s" },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'live_prices' is real_time and cannot have a warm — remove warm
      live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time", warm: { prefetch: ["price:*"] } },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'live_prices' is real_time but its primary is 'edge' — make its primary 'server', the origin layer
      live_prices: { primary: "edge", owns: ["price:*"], strategy: "real_time" },
    },
  }),
);
