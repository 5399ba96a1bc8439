// Freshness: ttl expires, grace serves the old value when the source fails or is slow (refreshing in the
// background, once), hardTimeout fails the load naming the key. Time moves only through a manual clock.
// Internal import: GRACE_BACKOFF_MS, the engine's grace back-off, has no public face or option to set it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LoadTimeoutError, manualClock } from "../../src/index.js";
import { GRACE_BACKOFF_MS } from "../../src/runtime/cache/cache-engine.js";
import { serverLayer } from "../layer/helpers/app.js";

const MINUTE = 60_000;

/** A source the test steers: each load waits for `answer` (a value or an Error) unless `mode` is "now". */
function steeredSource() {
  const state = { calls: 0, mode: "now" as "now" | "hang" | "fail", value: "v1" as unknown, pending: [] as Array<(v: unknown) => void> };
  return {
    state,
    source: {
      load(key: string): Promise<unknown> {
        state.calls++;
        if (state.mode === "fail") return Promise.reject(new Error(`source down for ${key}`));
        if (state.mode === "hang") return new Promise((resolve) => state.pending.push(resolve));
        return Promise.resolve(state.value);
      },
    },
    finish(value: unknown) {
      for (const resolve of state.pending.splice(0)) resolve(value);
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A cache whose `key` was loaded once ("v1") and is now one minute past its ttl, its source set to `mode`. */
async function expiredValue(cache: "prices" | "quotes", key: `price:${string}` | `quote:${string}`, mode: "hang" | "fail") {
  const clock = manualClock();
  const steered = steeredSource();
  const handle = serverLayer({ clock, sources: { [cache]: steered.source } }).own(cache);
  await handle.get(key);
  clock.advance(MINUTE + 1);
  steered.state.mode = mode;
  return { clock, steered, handle };
}

describe("ttl", () => {
  it("serves the stored value until ttl, then loads again", async () => {
    const clock = manualClock();
    const { state, source } = steeredSource();
    const prices = serverLayer({ clock, sources: { prices: source } }).own("prices");
    assert.equal(await prices.get("price:1"), "v1");
    clock.advance(MINUTE - 1);
    state.value = "v2";
    assert.equal(await prices.get("price:1"), "v1");
    assert.equal(state.calls, 1);
    clock.advance(2);
    assert.equal(await prices.get("price:1"), "v2");
    assert.equal(state.calls, 2);
  });

  it("a per-write ttl overrides the cache's", async () => {
    const clock = manualClock();
    const prices = serverLayer({ clock }).own("prices");
    await prices.set("price:2", 2, { ttl: 1000 });
    clock.advance(1001);
    assert.equal(await prices.has("price:2"), false);
  });
});

describe("grace", () => {
  it("serves the expired value, marked stale, when the source throws", async () => {
    const clock = manualClock();
    const { state, source } = steeredSource();
    const layer = serverLayer({ clock, sources: { prices: source } });
    const errors: unknown[] = [];
    layer.on("error", (e) => errors.push(e.error));
    const prices = layer.own("prices");
    await prices.get("price:1");
    clock.advance(MINUTE + 1);
    state.mode = "fail";
    const meta = await prices.getWithMeta("price:1");
    assert.deepEqual({ value: meta.value, hit: meta.hit, stale: meta.stale, layer: meta.layer }, { value: "v1", hit: true, stale: true, layer: "server" });
    assert.equal(meta.age, MINUTE + 1);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /source down for price:1/);
  });

  it("serves the expired value after the soft timeout and refreshes in the background, once", async () => {
    const { clock, steered, handle: prices } = await expiredValue("prices", "price:1", "hang");
    const slowReads = [prices.get("price:1"), prices.get("price:1"), prices.getWithMeta("price:1")];
    await settle(); // every read has reached its timer
    clock.advance(100); // the soft timeout
    const [a, b, meta] = await Promise.all(slowReads);
    assert.equal(a, "v1");
    assert.equal(b, "v1");
    assert.equal((meta as { stale: boolean }).stale, true);
    assert.equal(steered.state.calls, 2); // the first load, and one refresh for the three reads
    steered.finish("v2");
    await settle();
    const fresh = await prices.getWithMeta("price:1");
    assert.deepEqual([fresh.value, fresh.stale, fresh.hit], ["v2", false, true]);
    assert.equal(steered.state.calls, 2);
  });

  it("after a failed refresh, serves the graced value without asking the source again until the back-off passed", async () => {
    const {
      clock,
      steered: { state },
      handle: prices,
    } = await expiredValue("prices", "price:1", "fail");
    for (let i = 0; i < 50; i++) assert.equal(await prices.get("price:1"), "v1");
    assert.equal(state.calls, 2); // the first load and one failed refresh, not 50
    clock.advance(GRACE_BACKOFF_MS);
    state.mode = "now";
    state.value = "v2";
    assert.equal(await prices.get("price:1"), "v2");
    assert.equal(state.calls, 3);
  });

  it("serves nothing stale past the grace period: the load's error reaches the caller", async () => {
    const clock = manualClock();
    const { state, source } = steeredSource();
    const prices = serverLayer({ clock, sources: { prices: source } }).own("prices");
    await prices.get("price:1");
    clock.advance(MINUTE + 6 * 3_600_000 + 1);
    state.mode = "fail";
    await assert.rejects(prices.get("price:1"), /source down for price:1/);
  });

  it("a cache without grace never serves an expired value", async () => {
    const { handle: quotes } = await expiredValue("quotes", "quote:1", "fail");
    await assert.rejects(quotes.get("quote:1"), /source down/);
  });
});

describe("hardTimeout", () => {
  it("fails a load that takes longer, with LoadTimeoutError naming the key", async () => {
    const clock = manualClock();
    const steered = steeredSource();
    steered.state.mode = "hang";
    const quotes = serverLayer({ clock, sources: { quotes: steered.source } }).own("quotes");
    const reading = quotes.get("quote:9");
    await settle();
    clock.advance(2000);
    await assert.rejects(reading, (error: unknown) => {
      assert.ok(error instanceof LoadTimeoutError);
      assert.equal(error.key, "quote:9");
      assert.equal(error.cache, "quotes");
      assert.equal(error.layer, "server");
      assert.equal(error.message, "✗ loading 'quote:9' of cache 'quotes' (server) took longer than its hardTimeout of 2000ms");
      return true;
    });
    steered.finish("late");
    await settle();
    assert.equal(await quotes.has("quote:9"), false); // the late answer is not stored
  });

  it("with a graced value, a hard timeout serves it stale", async () => {
    const { clock, steered, handle: prices } = await expiredValue("prices", "price:1", "hang");
    const reading = prices.getWithMeta("price:1");
    await settle();
    clock.advance(100);
    assert.equal((await reading).stale, true);
    clock.advance(1900); // the background refresh hits its hard timeout
    await settle();
    steered.state.mode = "now";
    steered.state.value = "v3";
    clock.advance(GRACE_BACKOFF_MS); // after the back-off, reads ask the source again
    assert.equal(await prices.get("price:1"), "v3");
  });
});

describe("getWithMeta", () => {
  it("reports hit, age and expiry of a fresh value, and a miss", async () => {
    const clock = manualClock(5_000_000);
    const prices = serverLayer({ clock }).own("prices");
    await prices.set("price:7", 7);
    clock.advance(250);
    assert.deepEqual(await prices.getWithMeta("price:7"), { value: 7, hit: true, stale: false, age: 250, expiresAt: 5_000_000 + MINUTE, layer: "server" });
    assert.deepEqual(await prices.getWithMeta("price:8"), {
      value: undefined,
      hit: false,
      stale: false,
      age: undefined,
      expiresAt: undefined,
      layer: "server",
    });
  });
});
