// Internal unit: warmCaches, the warm-up engine behind layer.warm(), over bare sources with no layer.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { WarmProgress } from "../../src/index.js";
import { warmCaches, type WarmCache } from "../../src/runtime/warm/index.js";

// A source whose loads finish only when the test lets them, so concurrency is observed, not timed.
function gatedSource(keys: readonly string[], options: { failLoad?: (key: string) => boolean; failStore?: (key: string) => boolean } = {}) {
  const stored = new Map<string, unknown>();
  let inFlight = 0;
  let peak = 0;
  const loads: string[] = [];
  const warm = (cache: string, prefetch: readonly string[], owns?: readonly string[]): WarmCache => ({
    cache,
    prefetch,
    owns,
    async *keys() {
      yield* keys;
    },
    async load(key) {
      loads.push(key);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      // Several turns of the event loop, so the workers overlap as far as the limit lets them.
      for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      if (options.failLoad?.(key)) throw new Error(`source down for ${key}`);
      return key.endsWith(":gone") ? undefined : { key };
    },
    async store(key, value) {
      if (options.failStore?.(key)) throw new Error(`store full at ${key}`);
      stored.set(key, value);
    },
  });
  return { warm, stored, loads, peak: () => peak };
}

const popular = Array.from({ length: 250 }, (_, i) => `popular:${i}`);

describe("warm start: prefetch every listed key, within the concurrency limit", () => {
  it("loads and stores every key and never has more loads in flight than the limit", async () => {
    const source = gatedSource(popular);
    const result = await warmCaches({ caches: [source.warm("data_cache", ["popular:*"])], concurrency: 4 });
    assert.equal(source.stored.size, 250);
    assert.equal(source.peak(), 4, "the limit is reached and never exceeded");
    assert.deepEqual(result.caches, [{ cache: "data_cache", total: 250, loaded: 250, missing: 0, failed: 0, skipped: 0 }]);
    assert.equal(result.ok, true);
  });

  it("skips listed keys outside the prefetch pattern or the cache's patterns, and loads each key once", async () => {
    const source = gatedSource(["popular:1", "popular:1", "data:7", "orders:1", "popular:2"]);
    const result = await warmCaches({ caches: [source.warm("data_cache", ["popular:*"], ["data:*", "popular:*"])] });
    assert.deepEqual(source.loads.sort(), ["popular:1", "popular:2"]);
    assert.equal(result.caches[0]?.skipped, 2);
  });

  it("a key the source no longer has is counted missing and not stored", async () => {
    const source = gatedSource(["popular:1", "popular:2:gone"]);
    const result = await warmCaches({ caches: [source.warm("data_cache", ["popular:*"])] });
    assert.deepEqual([...source.stored.keys()], ["popular:1"]);
    assert.equal(result.caches[0]?.missing, 1);
    assert.equal(result.ok, true);
  });
});

describe("warm start: progress a command line can draw", () => {
  it("starts at 0 with the total known, rises monotonically, and ends at total", async () => {
    const events: WarmProgress[] = [];
    const a = gatedSource(popular);
    const b = gatedSource(["settings:1", "settings:2", "settings:3"]);
    await warmCaches({
      caches: [a.warm("data_cache", ["popular:*"]), b.warm("settings", ["settings:*"])],
      concurrency: 3,
      progressEvery: 25,
      onProgress: (event) => events.push(event),
    });
    for (const cache of ["data_cache", "settings"]) {
      const mine = events.filter((event) => event.cache === cache);
      const total = cache === "data_cache" ? 250 : 3;
      assert.deepEqual(mine[0], { cache, phase: "start", done: 0, total, failed: 0 });
      assert.deepEqual(mine.at(-1), { cache, phase: "end", done: total, total, failed: 0 });
      for (let i = 1; i < mine.length; i += 1) assert.ok((mine[i]?.done ?? 0) > (mine[i - 1]?.done ?? 0), `${cache} progress rises`);
      assert.ok(mine.every((event) => event.total === total));
    }
    assert.equal(events.filter((event) => event.cache === "data_cache").length, 1 + 250 / 25, "start, then every 25 keys (the last is the end)");
  });

  it("a cache with nothing to warm still gets a start and an end", async () => {
    const events: WarmProgress[] = [];
    await warmCaches({ caches: [gatedSource([]).warm("data_cache", ["popular:*"])], onProgress: (event) => events.push(event) });
    assert.deepEqual(
      events.map((event) => [event.phase, event.done, event.total]),
      [
        ["start", 0, 0],
        ["end", 0, 0],
      ],
    );
  });

  it("a throwing progress listener fails the warm-up only after every load settled", async () => {
    const source = gatedSource(popular.slice(0, 20));
    await assert.rejects(
      warmCaches({
        caches: [source.warm("data_cache", ["popular:*"])],
        onProgress: () => {
          throw new Error("terminal gone");
        },
      }),
      /terminal gone/,
    );
    assert.equal(source.stored.size, 20);
  });
});

describe("warm start: failures are reported, the rest continue", () => {
  it("a failing load or store is an error in the result, not an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const source = gatedSource(popular.slice(0, 50), { failLoad: (key) => key === "popular:7", failStore: (key) => key === "popular:9" });
      const events: WarmProgress[] = [];
      const result = await warmCaches({ caches: [source.warm("data_cache", ["popular:*"])], concurrency: 5, onProgress: (event) => events.push(event) });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(source.stored.size, 48);
      assert.equal(result.ok, false);
      assert.deepEqual(result.errors.map((e) => [e.stage, e.key]).sort(), [
        ["load", "popular:7"],
        ["store", "popular:9"],
      ]);
      assert.match(String((result.errors.find((e) => e.stage === "load")?.error as Error).message), /source down for popular:7/);
      assert.deepEqual(events.at(-1), { cache: "data_cache", phase: "end", done: 50, total: 50, failed: 2 });
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("a listing that fails is reported with its pattern, and the other patterns are warmed", async () => {
    const source = gatedSource(["popular:1"]);
    const warm = source.warm("data_cache", ["broken:*", "popular:*"], ["broken:*", "popular:*"]);
    const result = await warmCaches({
      caches: [{ ...warm, keys: (pattern) => (pattern === "broken:*" ? failingKeys() : warm.keys(pattern)) }],
    });
    assert.deepEqual(
      result.errors.map((e) => [e.stage, e.pattern]),
      [["keys", "broken:*"]],
    );
    assert.deepEqual([...source.stored.keys()], ["popular:1"]);
  });

  it("an abort stops taking new keys; loads in flight finish", async () => {
    const controller = new AbortController();
    const source = gatedSource(popular);
    let seen = 0;
    const result = await warmCaches({
      caches: [source.warm("data_cache", ["popular:*"])],
      concurrency: 2,
      progressEvery: 1,
      signal: controller.signal,
      onProgress: ({ done }) => {
        seen = done;
        if (done === 10) controller.abort();
      },
    });
    assert.equal(result.aborted, true);
    assert.ok(source.stored.size >= 10 && source.stored.size <= 12, `stored ${source.stored.size}`);
    assert.equal(seen, source.stored.size);
  });
});

function failingKeys(): AsyncIterable<string> {
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("SCAN refused")) }) };
}
