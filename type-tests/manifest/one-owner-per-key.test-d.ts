// Rule 2: no two caches own overlapping patterns — one owner per key.
import { expectError } from "tsd";
import { defineManifest } from "../../src/index.js";

defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"] },
    users_index: { primary: "server", owns: ["users:*"] },
    k1: { primary: "edge", owns: ["k1:*"] },
    k12: { primary: "edge", owns: ["k12:*"] },
    // One cache may own patterns that overlap each other: it is still one owner.
    feed: { primary: "edge", owns: ["feed:*", "feed:top:*"] },
  },
});

// The same pattern twice: both owners are named.
expectError(
  defineManifest({
    caches: {
      //~ ✗ 'user:*' is already owned by cache 'backend_users' (server) — borrow it instead
      user_data: { primary: "client", owns: ["user:*"] },
      //~ ✗ 'user:*' is already owned by cache 'user_data' (client) — borrow it instead
      backend_users: { primary: "server", owns: ["user:*"] },
    },
  }),
);

// A narrower pattern inside another cache's: reported where the longer literal prefix is.
expectError(
  defineManifest({
    caches: {
      user_data: { primary: "client", owns: ["user:*"] },
      //~ ✗ 'user:admin:*' overlaps 'user:*', owned by cache 'user_data' (client) — borrow it instead
      admins: { primary: "server", owns: ["user:admin:*"] },
    },
  }),
);

// Overlap through the middle of two patterns: 'ab' matches both. Reported on 'ab*', the longer literal prefix.
expectError(
  defineManifest({
    caches: {
      left: { primary: "server", owns: ["a*b"] },
      //~ ✗ 'ab*' overlaps 'a*b', owned by cache 'left' (server) — borrow it instead
      right: { primary: "edge", owns: ["ab*"] },
    },
  }),
);

// A single key inside another cache's pattern.
expectError(
  defineManifest({
    caches: {
      config: { primary: "server", owns: ["config:*"] },
      //~ ✗ 'config:main' overlaps 'config:*', owned by cache 'config' (server) — borrow it instead
      main_config: { primary: "edge", owns: ["config:main"] },
    },
  }),
);

// Equal literal prefixes: both sides are named.
expectError(
  defineManifest({
    caches: {
      //~ ✗ 'doc:*' overlaps 'doc:*.pdf', owned by cache 'pdfs' (edge) — borrow it instead
      docs: { primary: "server", owns: ["doc:*"] },
      //~ ✗ 'doc:*.pdf' overlaps 'doc:*', owned by cache 'docs' (server) — borrow it instead
      pdfs: { primary: "edge", owns: ["doc:*.pdf"] },
    },
  }),
);

// Literal prefixes that do not end with ':' ('user', 'files/', ''): found by enumerating every prefix
// (the lookup's slow path), and only where they are.
defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"] },
    users_index: { primary: "server", owns: ["users/*"] },
    files: { primary: "edge", owns: ["files/*"] },
    filesystem: { primary: "edge", owns: ["filesystem:*"] },
    config: { primary: "server", owns: ["config"] },
  },
});

expectError(
  defineManifest({
    caches: {
      user_all: { primary: "client", owns: ["user*"] },
      //~ ✗ 'users:*' overlaps 'user*', owned by cache 'user_all' (client) — borrow it instead
      users: { primary: "server", owns: ["users:*"] },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      files: { primary: "edge", owns: ["files/*"] },
      //~ ✗ 'files/img/*' overlaps 'files/*', owned by cache 'files' (edge) — borrow it instead
      images: { primary: "server", owns: ["files/img/*"] },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      metas: { primary: "edge", owns: ["*:meta"] },
      //~ ✗ 'user:*' overlaps '*:meta', owned by cache 'metas' (edge) — borrow it instead
      user_data: { primary: "client", owns: ["user:*"] },
    },
  }),
);
