// Rule 8: `strategy: "offline_first"` requires the primary to be the layer nearest the user.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({ caches: { settings: { primary: "client", owns: ["settings:*"], strategy: "offline_first" } } });

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'settings' is offline_first but its primary is 'edge' — make its primary 'client', the layer nearest the user
      settings: { primary: "edge", owns: ["settings:*"], strategy: "offline_first" },
    },
  }),
);

expectError(
  defineManifest({
    layers: ["browser", "worker", "origin"],
    caches: {
      //~ ✗ cache 'settings' is offline_first but its primary is 'origin' — make its primary 'browser', the layer nearest the user
      settings: { primary: "origin", owns: ["settings:*"], strategy: "offline_first" },
    },
  }),
);
