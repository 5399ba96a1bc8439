import { describe, it } from "node:test";
import type { PrefetchNotOwnedMessage, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith } from "./helpers/define.js";

describe("prefetch owned by cache", () => {
  it("accepts prefetching 'popular:*' and 'popular:x:*' in a cache owning 'popular:*'", () => {
    assertAccepted({
      caches: { data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*", "popular:x:*"], backfill: true } } },
    });
  });

  it("rejects prefetching 'b:*', which the cache does not own", () => {
    assertRejectedWith(
      { caches: { data_cache: { primary: "server", owns: ["data:*"], warm: { prefetch: ["b:*"] } }, b: { primary: "server", owns: ["b:*"] } } },
      {
        rule: "prefetch-owned-by-cache",
        message: "✗ prefetch 'b:*' is not owned by cache 'data_cache' — prefetch only what it owns (at caches.data_cache.warm.prefetch[0])" satisfies Located<
          PrefetchNotOwnedMessage<"b:*", "data_cache">,
          "caches.data_cache.warm.prefetch[0]"
        >,
        cache: "data_cache",
        layer: "server",
        pattern: "b:*",
        field: "warm.prefetch",
      },
    );
  });

  it("rejects a prefetch pattern wider than what the cache owns ('popular:*' over 'popular:x:*')", () => {
    assertRejectedWith(
      { caches: { data_cache: { primary: "server", owns: ["popular:x:*"], warm: { prefetch: ["popular:*"] } } } },
      {
        rule: "prefetch-owned-by-cache",
        message:
          "✗ prefetch 'popular:*' is not owned by cache 'data_cache' — prefetch only what it owns (at caches.data_cache.warm.prefetch[0])" satisfies Located<
            PrefetchNotOwnedMessage<"popular:*", "data_cache">,
            "caches.data_cache.warm.prefetch[0]"
          >,
        cache: "data_cache",
        layer: "server",
        pattern: "popular:*",
        field: "warm.prefetch",
      },
    );
  });
});
