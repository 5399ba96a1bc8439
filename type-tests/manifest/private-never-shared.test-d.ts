// Rule 12: a private cache's primary is not a layer shared between users, and its keys are per user.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({
  caches: {
    carts: { primary: "server", owns: ["cart:*"], private: true },
    drafts: { primary: "client", owns: ["draft:*"], private: true },
    catalog: { primary: "edge", owns: ["catalog:*"], private: false },
  },
});

expectError(
  defineManifest({
    caches: {
      //~ ✗ cache 'carts' is private but its primary 'edge' is shared between users — make its primary 'client' or 'server'
      carts: { primary: "edge", owns: ["cart:*"], private: true },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ private cache 'carts' owns 'cart', which has no wildcard — a private key must be per user, like 'cart:*'
      carts: { primary: "server", owns: ["cart"], private: true },
    },
  }),
);
