import { describe, it } from "node:test";
import type { TooManyWildcardsMessage, UnownedTargetMessage, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith } from "./helpers/define.js";

describe("invalidates owned target", () => {
  it("accepts 'user_data' invalidating 'profile:*', which 'profile' owns", () => {
    assertAccepted({
      caches: { user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] }, profile: { primary: "edge", owns: ["profile:*"] } },
    });
  });

  it("accepts a target inside an owned pattern without being one ('profile:*:avatar' in 'profile:*')", () => {
    assertAccepted({
      caches: { user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*:avatar"] }, profile: { primary: "edge", owns: ["profile:*"] } },
    });
  });

  it("accepts a plain key as a target, and a target with fewer wildcards than the writer's patterns", () => {
    assertAccepted({
      caches: {
        user_data: { primary: "client", owns: ["user:*:*"], invalidates: ["stats:all", "profile:*"] },
        stats: { primary: "server", owns: ["stats:*"] },
        profile: { primary: "edge", owns: ["profile:*"] },
      },
    });
  });

  it("rejects 'nobody:*', a target no cache owns", () => {
    assertRejectedWith(
      { caches: { user_data: { primary: "client", owns: ["user:*"], invalidates: ["nobody:*"] } } },
      {
        rule: "invalidates-owned-target",
        message:
          "✗ 'nobody:*' in invalidates of cache 'user_data' is owned by no cache — add a cache that owns it (at caches.user_data.invalidates[0])" satisfies Located<
            UnownedTargetMessage<"nobody:*", "user_data">,
            "caches.user_data.invalidates[0]"
          >,
        cache: "user_data",
        layer: "client",
        pattern: "nobody:*",
        field: "invalidates",
      },
    );
  });

  it("rejects 'profile:*' when caches own only parts of it ('profile:a*', 'profile:b*')", () => {
    assertRejectedWith(
      {
        caches: {
          user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] },
          profile_a: { primary: "edge", owns: ["profile:a*"] },
          profile_b: { primary: "server", owns: ["profile:b*"] },
        },
      },
      {
        rule: "invalidates-owned-target",
        message:
          "✗ 'profile:*' in invalidates of cache 'user_data' is owned by no cache — add a cache that owns it (at caches.user_data.invalidates[0])" satisfies Located<
            UnownedTargetMessage<"profile:*", "user_data">,
            "caches.user_data.invalidates[0]"
          >,
        cache: "user_data",
        layer: "client",
        pattern: "profile:*",
        field: "invalidates",
      },
    );
  });

  it("rejects 'c:*:*' from a cache whose pattern 'j:*' captures only one part", () => {
    assertRejectedWith(
      { caches: { j: { primary: "server", owns: ["j:*"], invalidates: ["c:*:*"] }, c: { primary: "edge", owns: ["c:*"] } } },
      {
        rule: "invalidates-owned-target",
        message:
          "✗ 'c:*:*' in invalidates of cache 'j' has more wildcards than the patterns of cache 'j' — the captured parts could not carry over (at caches.j.invalidates[0])" satisfies Located<
            TooManyWildcardsMessage<"c:*:*", "j">,
            "caches.j.invalidates[0]"
          >,
        cache: "j",
        layer: "server",
        pattern: "c:*:*",
        field: "invalidates",
      },
    );
  });

  it("counts the fewest wildcards among the writer's patterns", () => {
    assertRejectedWith(
      { caches: { j: { primary: "server", owns: ["j:*:*", "jj:*"], invalidates: ["c:*:*"] }, c: { primary: "edge", owns: ["c:*"] } } },
      {
        rule: "invalidates-owned-target",
        message:
          "✗ 'c:*:*' in invalidates of cache 'j' has more wildcards than the patterns of cache 'j' — the captured parts could not carry over (at caches.j.invalidates[0])" satisfies Located<
            TooManyWildcardsMessage<"c:*:*", "j">,
            "caches.j.invalidates[0]"
          >,
        cache: "j",
        layer: "server",
        pattern: "c:*:*",
        field: "invalidates",
      },
    );
  });
});
