import { defineManifest } from "../../../src/index.js";

/** The manifest of the invalidation-delay bench: a server write of `user:n` invalidates the edge's `profile:n`. */
export const delayApp = defineManifest({
  layers: ["edge", "server"],
  caches: {
    user_data: { primary: "server", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
  },
});
