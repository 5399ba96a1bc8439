// Rules 3 and 4 on `invalidates` entries written `{ target, mode }`: the target is checked as the
// string form is, with the same messages (on `target`); `mode` is "delete" or "expire".
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"], invalidates: [{ target: "profile:*", mode: "expire" }, "settings:*", { target: "feed:*" }] },
    profile: { primary: "edge", owns: ["profile:*"], ttl: "1m", grace: "10m" },
    settings: { primary: "client", owns: ["settings:*"] },
    feed: { primary: "server", owns: ["feed:*"] },
  },
});

expectError(
  defineManifest({
    caches: {
      //~ ✗ 'nobody:*' in invalidates of cache 'user_data' is owned by no cache — add a cache that owns it
      user_data: { primary: "client", owns: ["user:*"], invalidates: [{ target: "nobody:*", mode: "expire" }] },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ 'pair:*:*' in invalidates of cache 'user_data' has more wildcards than the patterns of cache 'user_data' — the captured parts could not carry over
      user_data: { primary: "client", owns: ["user:*"], invalidates: [{ target: "pair:*:*", mode: "expire" }] },
      pairs: { primary: "server", owns: ["pair:*"] },
    },
  }),
);

// A cycle through an object entry is a cycle: each entry that leads back is reported, in either form.
expectError(
  defineManifest({
    caches: {
      //~ ✗ invalidating 'i:*' leads back to cache 'h' — invalidation cascades must be acyclic
      h: { primary: "server", owns: ["h:*"], invalidates: [{ target: "i:*", mode: "expire" }] },
      //~ ✗ invalidating 'h:*' leads back to cache 'i' — invalidation cascades must be acyclic
      i: { primary: "server", owns: ["i:*"], invalidates: ["h:*"] },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ mode in invalidates of cache 'user_data' must be 'delete' or 'expire'
      user_data: { primary: "client", owns: ["user:*"], invalidates: [{ target: "profile:*", mode: "soft" }] },
      profile: { primary: "edge", owns: ["profile:*"] },
    },
  }),
);
