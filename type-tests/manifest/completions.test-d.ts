// Completions (test/types/completions.test.ts asks the language services): an empty `primary`
// lists the layers for the editor, and still gets the rule's message from tsc; every field a cache
// may have is offered, and an unknown one is still rejected with its message.
import { expectError, expectType } from "tsd";
import { defineManifest } from "../../src/index.js";

const ok = defineManifest({ caches: { user_data: { primary: "client", owns: ["user:*"], ttl: "30m" } } });
expectType<"client">(ok.caches.user_data.primary);
expectType<"30m">(ok.caches.user_data.ttl);

expectError(
  defineManifest({
    caches: {
      //~ ✗ primary '' of cache 'draft' is not a layer — use one of 'client', 'edge', 'server'
      draft: { primary: "", owns: ["draft:*"] },
    },
  }),
);

expectError(
  defineManifest({
    layers: ["browser", "origin"],
    caches: {
      //~ ✗ primary '' of cache 'pages' is not a layer — use one of 'browser', 'origin'
      pages: { primary: "", owns: ["page:*"] },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'feed' has no field 't' — use primary, owns, value, validate, version, invalidates, maxSize, ttl, grace, timeout, hardTimeout, streaming, chunkSize, warm, lifetime, exclusive, strategy or private
      feed: { primary: "edge", owns: ["feed:*"], t: true },
    },
  }),
);
