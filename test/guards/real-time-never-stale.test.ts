import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { FreshnessWithoutTtlMessage, RealTimeForbidsMessage, RealTimeNotAtOriginMessage, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith, rejectionOf } from "./helpers/define.js";

const livePrices = (fields: object) => ({ caches: { live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time", ...fields } } });

describe("real time never stale", () => {
  it("accepts a real_time cache on 'server', the origin layer, without ttl, warm or grace", () => {
    assertAccepted(livePrices({}));
  });

  const forbids = {
    ttl: "✗ cache 'live_prices' is real_time and cannot have a ttl — remove ttl (at caches.live_prices.ttl)" satisfies Located<
      RealTimeForbidsMessage<"live_prices", "ttl">,
      "caches.live_prices.ttl"
    >,
    warm: "✗ cache 'live_prices' is real_time and cannot have a warm — remove warm (at caches.live_prices.warm)" satisfies Located<
      RealTimeForbidsMessage<"live_prices", "warm">,
      "caches.live_prices.warm"
    >,
  };
  for (const [field, value] of [
    ["ttl", "1s"],
    ["warm", { prefetch: ["price:*"] }],
  ] as const) {
    it(`rejects a real_time cache with a ${field}`, () => {
      assertRejectedWith(livePrices({ [field]: value }), {
        rule: "real-time-never-stale",
        message: forbids[field],
        cache: "live_prices",
        layer: "server",
        field,
      });
    });
  }

  it("rejects a real_time cache with a grace once, as real_time (not also as a grace without ttl)", () => {
    assertRejectedWith(livePrices({ grace: "6h" }), {
      rule: "real-time-never-stale",
      message: "✗ cache 'live_prices' is real_time and cannot have a grace — remove grace (at caches.live_prices.grace)" satisfies Located<
        RealTimeForbidsMessage<"live_prices", "grace">,
        "caches.live_prices.grace"
      >,
      cache: "live_prices",
      layer: "server",
      field: "grace",
    });
  });

  it("still says a timeout needs a ttl on a real_time cache", () => {
    const error = rejectionOf(livePrices({ timeout: "1s" }));
    assert.deepEqual(
      error.issues.map((issue) => issue.message),
      [
        "✗ timeout of cache 'live_prices' needs a ttl — add ttl (at caches.live_prices.timeout)" satisfies Located<
          FreshnessWithoutTtlMessage<"timeout", "live_prices">,
          "caches.live_prices.timeout"
        >,
      ],
    );
  });

  it("rejects a real_time cache on 'edge'", () => {
    assertRejectedWith(livePrices({ primary: "edge" }), {
      rule: "real-time-never-stale",
      message:
        "✗ cache 'live_prices' is real_time but its primary is 'edge' — make its primary 'server', the origin layer (at caches.live_prices.strategy)" satisfies Located<
          RealTimeNotAtOriginMessage<"live_prices", "edge", "server">,
          "caches.live_prices.strategy"
        >,
      cache: "live_prices",
      layer: "edge",
      field: "strategy",
    });
  });
});
