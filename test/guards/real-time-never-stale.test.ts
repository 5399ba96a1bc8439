import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { freshnessWithoutTtlMessage, realTimeForbidsMessage, realTimeNotAtOriginMessage } from "../../src/runtime/messages/manifest.js";
import { assertAccepted, assertRejectedWith, rejectionOf } from "./helpers/define.js";

const livePrices = (fields: object) => ({ caches: { live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time", ...fields } } });

describe("real time never stale", () => {
  it("accepts a real_time cache on 'server', the origin layer, without ttl, warm or grace", () => {
    assertAccepted(livePrices({}));
  });

  for (const [field, value] of [["ttl", "1s"], ["warm", { prefetch: ["price:*"] }]] as const) {
    it(`rejects a real_time cache with a ${field}`, () => {
      assertRejectedWith(livePrices({ [field]: value }), {
        rule: "real-time-never-stale",
        message: realTimeForbidsMessage("live_prices", field),
        cache: "live_prices",
        layer: "server",
        field,
      });
    });
  }

  it("rejects a real_time cache with a grace once, as real_time (not also as a grace without ttl)", () => {
    assertRejectedWith(livePrices({ grace: "6h" }), {
      rule: "real-time-never-stale",
      message: realTimeForbidsMessage("live_prices", "grace"),
      cache: "live_prices",
      layer: "server",
      field: "grace",
    });
  });

  it("still says a timeout needs a ttl on a real_time cache", () => {
    const error = rejectionOf(livePrices({ timeout: "1s" }));
    assert.deepEqual(error.issues.map((issue) => issue.message), [freshnessWithoutTtlMessage("timeout", "live_prices")]);
  });

  it("rejects a real_time cache on 'edge'", () => {
    assertRejectedWith(livePrices({ primary: "edge" }), {
      rule: "real-time-never-stale",
      message: realTimeNotAtOriginMessage("live_prices", "edge", "server"),
      cache: "live_prices",
      layer: "edge",
      field: "strategy",
    });
  });
});
