// Rule 5: `streaming: true` requires `chunkSize`; `chunkSize` without `streaming` is an error.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({ caches: { video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "1MB" } } });
defineManifest({ caches: { user_data: { primary: "client", owns: ["user:*"], streaming: false } } });

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'video_cache' streams without chunkSize — add chunkSize, e.g. '1MB'
      video_cache: { primary: "edge", owns: ["video:*"], streaming: true },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'video_cache' has a chunkSize but does not stream — add streaming: true or remove chunkSize
      video_cache: { primary: "edge", owns: ["video:*"], chunkSize: "1MB" },
    },
  }),
);
