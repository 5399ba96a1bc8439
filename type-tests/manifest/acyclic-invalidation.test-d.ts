// Rule 4: `invalidates` cascades are acyclic.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({
  caches: {
    a: { primary: "server", owns: ["a:*"], invalidates: ["b:*"] },
    b: { primary: "server", owns: ["b:*"], invalidates: ["c:*"] },
    c: { primary: "edge", owns: ["c:*"] },
  },
});

expectError(
  defineManifest({
    caches: {
      //~ ✗ invalidating 'i:*' leads back to cache 'h' — invalidation cascades must be acyclic
      h: { primary: "server", owns: ["h:*"], invalidates: ["i:*"] },
      //~ ✗ invalidating 'h:*' leads back to cache 'i' — invalidation cascades must be acyclic
      i: { primary: "server", owns: ["i:*"], invalidates: ["h:*"] },
    },
  }),
);

// A cache invalidating its own keys would drop every write it makes.
expectError(
  defineManifest({
    caches: {
      //~ ✗ invalidating 'self:*' leads back to cache 'self' — invalidation cascades must be acyclic
      self: { primary: "server", owns: ["self:*"], invalidates: ["self:*"] },
    },
  }),
);

// A longer cycle, through three caches.
expectError(
  defineManifest({
    caches: {
      //~ ✗ invalidating 'y:*' leads back to cache 'x' — invalidation cascades must be acyclic
      x: { primary: "server", owns: ["x:*"], invalidates: ["y:*"] },
      //~ ✗ invalidating 'z:*' leads back to cache 'y' — invalidation cascades must be acyclic
      y: { primary: "edge", owns: ["y:*"], invalidates: ["z:*"] },
      //~ ✗ invalidating 'x:*' leads back to cache 'z' — invalidation cascades must be acyclic
      z: { primary: "client", owns: ["z:*"], invalidates: ["x:*"] },
    },
  }),
);
