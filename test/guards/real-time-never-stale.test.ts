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

  it("rejects a real_time cache with a grace (and says the grace needs a ttl too)", () => {
    const error = rejectionOf(livePrices({ grace: "6h" }));
    assert.deepEqual(
      error.issues.map((issue) => [issue.rule, issue.message]),
      [
        ["real-time-never-stale", realTimeForbidsMessage("live_prices", "grace")],
        ["freshness-needs-ttl", freshnessWithoutTtlMessage("grace", "live_prices")],
      ],
    );
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
