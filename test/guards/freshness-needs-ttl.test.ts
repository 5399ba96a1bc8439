import { describe, it } from "node:test";
import type { FreshnessWithoutTtlMessage, HardTimeoutNotLongerMessage, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith } from "./helpers/define.js";

const dataCache = (fields: object) => ({ caches: { data_cache: { primary: "server", owns: ["data:*"], ...fields } } });
const withoutTtl = {
  grace: "✗ grace of cache 'data_cache' needs a ttl — add ttl (at caches.data_cache.grace)" satisfies Located<
    FreshnessWithoutTtlMessage<"grace", "data_cache">,
    "caches.data_cache.grace"
  >,
  timeout: "✗ timeout of cache 'data_cache' needs a ttl — add ttl (at caches.data_cache.timeout)" satisfies Located<
    FreshnessWithoutTtlMessage<"timeout", "data_cache">,
    "caches.data_cache.timeout"
  >,
};

describe("freshness needs ttl", () => {
  it("accepts grace and timeout with a ttl, and a hardTimeout longer than the timeout", () => {
    assertAccepted(dataCache({ ttl: "1m", grace: "6h", timeout: "100ms", hardTimeout: "2s" }));
  });

  it("accepts a hardTimeout alone", () => {
    assertAccepted(dataCache({ hardTimeout: "2s" }));
  });

  for (const field of ["grace", "timeout"] as const) {
    it(`rejects a ${field} without a ttl`, () => {
      assertRejectedWith(dataCache({ [field]: "1s" }), {
        rule: "freshness-needs-ttl",
        message: withoutTtl[field],
        cache: "data_cache",
        layer: "server",
        field,
      });
    });
  }

  it("rejects a hardTimeout '100ms' shorter than the timeout '2s'", () => {
    assertRejectedWith(dataCache({ ttl: "1m", timeout: "2s", hardTimeout: "100ms" }), {
      rule: "freshness-needs-ttl",
      message:
        "✗ hardTimeout '100ms' of cache 'data_cache' is not longer than timeout '2s' — make it longer (at caches.data_cache.hardTimeout)" satisfies Located<
          HardTimeoutNotLongerMessage<"100ms", "data_cache", "2s">,
          "caches.data_cache.hardTimeout"
        >,
      cache: "data_cache",
      layer: "server",
      field: "hardTimeout",
    });
  });

  it("rejects a hardTimeout '1100ms' equal to the timeout '1.1s', compared exactly", () => {
    assertRejectedWith(dataCache({ ttl: "1m", timeout: "1.1s", hardTimeout: "1100ms" }), {
      rule: "freshness-needs-ttl",
      message:
        "✗ hardTimeout '1100ms' of cache 'data_cache' is not longer than timeout '1.1s' — make it longer (at caches.data_cache.hardTimeout)" satisfies Located<
          HardTimeoutNotLongerMessage<"1100ms", "data_cache", "1.1s">,
          "caches.data_cache.hardTimeout"
        >,
      cache: "data_cache",
      layer: "server",
      field: "hardTimeout",
    });
  });
});
