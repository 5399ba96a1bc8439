// Rule 3: every `invalidates` target is owned by some cache, with no more wildcards than the writer's patterns.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*", "settings:*", "avatar:*:small", "config"] },
    profile: { primary: "edge", owns: ["profile:*"] },
    settings: { primary: "client", owns: ["settings:*"] },
    avatars: { primary: "edge", owns: ["avatar:*"] },
    config: { primary: "server", owns: ["config"] },
  },
});

expectError(
  defineManifest({
    caches: {
      //~ ✗ 'nobody:*' in invalidates of cache 'user_data' is owned by no cache — add a cache that owns it
      user_data: { primary: "client", owns: ["user:*"], invalidates: ["nobody:*"] },
    },
  }),
);

// 'profile:*' is owned only in part ('profile:public:*'): not owned by one cache.
expectError(
  defineManifest({
    caches: {
      //~ ✗ 'profile:*' in invalidates of cache 'user_data' is owned by no cache — add a cache that owns it
      user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] },
      public_profile: { primary: "edge", owns: ["profile:public:*"] },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ 'pair:*:*' in invalidates of cache 'user_data' has more wildcards than the patterns of cache 'user_data' — the captured parts could not carry over
      user_data: { primary: "client", owns: ["user:*"], invalidates: ["pair:*:*"] },
      pairs: { primary: "server", owns: ["pair:*"] },
    },
  }),
);
