// isKeyOf answers with the membership test every handle applies: a string it accepts is a key the
// cache's handles accept, one it refuses is refused by them too.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BorrowError, createLayer, defineManifest, isKeyOf } from "../../src/index.js";

const app = defineManifest({
  caches: {
    user_data: { primary: "server", owns: ["user:*"] },
    data_cache: { primary: "server", owns: ["data:*:v*", "popular:*"] },
  },
});

describe("isKeyOf", () => {
  it("accepts the keys of the cache's patterns and nothing else", () => {
    assert.equal(isKeyOf(app, "user_data", "user:42"), true);
    assert.equal(isKeyOf(app, "user_data", "users:42"), false);
    assert.equal(isKeyOf(app, "user_data", "user:*"), false, "a pattern is not a key");
    assert.equal(isKeyOf(app, "data_cache", "data:1:v2"), true);
    assert.equal(isKeyOf(app, "data_cache", "data:1"), false);
    assert.equal(isKeyOf(app, "popular:*", "data:1:v2"), true, "named by a pattern, the whole cache's keys");
  });

  it("agrees with the handles: what it refuses, get refuses", async () => {
    const server = createLayer(app, "server");
    try {
      for (const key of ["user:1", "users:1", "data:1:v1", "data:1"]) {
        const accepted = await server
          .own("user_data")
          .get(key as `user:${string}`)
          .then(
            () => true,
            () => false,
          );
        assert.equal(isKeyOf(app, "user_data", key), accepted, key);
      }
    } finally {
      await server.close();
    }
  });

  it("throws the unknown-cache BorrowError for a name the manifest does not have", () => {
    assert.throws(
      () => isKeyOf(app, "user_dta" as "user_data", "user:1"),
      (error: unknown) => error instanceof BorrowError && error.rule === "unknown-cache",
    );
  });
});
