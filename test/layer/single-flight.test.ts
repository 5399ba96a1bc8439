// Cold-start amplification (seed disaster 5): concurrent misses for one key share one load.
// Internal unit at the end: SingleFlight, the coalescing map behind every load, has no public face.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer } from "../../src/index.js";
import { SingleFlight } from "../../src/runtime/cache/single-flight.js";
import { app, serverLayer } from "./helpers/app.js";

/** A source whose loads wait until `release()`, counting calls. */
function gatedSource(result: (key: string) => unknown) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const calls: string[] = [];
  return {
    calls,
    release: () => open(),
    source: {
      async load(key: string) {
        calls.push(key);
        await gate;
        return result(key);
      },
    },
  };
}

describe("single flight", () => {
  it("10,000 concurrent misses for one key load once and all get the value", async () => {
    const { calls, release, source } = gatedSource((key) => ({ key, n: 1 }));
    const server = serverLayer({ sources: { data_cache: source } });
    const data = server.own("data_cache");
    const reads = Array.from({ length: 10_000 }, () => data.get("data:1"));
    release();
    const values = await Promise.all(reads);
    assert.equal(calls.length, 1);
    assert.ok(values.every((value) => (value as { n: number }).n === 1));
    const stats = server.stats().caches.data_cache!;
    assert.equal(stats.loads, 1);
    assert.equal(stats.misses, 10_000);
    assert.deepEqual(await data.get("data:1"), { key: "data:1", n: 1 });
    assert.equal(server.stats().caches.data_cache!.hits, 1);
  });

  it("a failed load reaches every waiter as the same error and is not cached", async () => {
    let fail = true;
    let calls = 0;
    const failure = new Error("database down");
    const server = serverLayer({
      sources: {
        data_cache: {
          load: async (key) => {
            calls++;
            await Promise.resolve();
            if (fail) throw failure;
            return { key };
          },
        },
      },
    });
    const data = server.own("data_cache");
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => data.get("data:2")));
    assert.equal(calls, 1);
    for (const outcome of outcomes) {
      assert.equal(outcome.status, "rejected");
      assert.equal(outcome.reason, failure);
    }
    fail = false;
    assert.deepEqual(await data.get("data:2"), { key: "data:2" });
    assert.equal(calls, 2);
  });

  it("different keys load separately, and a borrowed read from another layer joins the owner's flight", async () => {
    const { calls, release, source } = gatedSource((key) => key.toUpperCase());
    const server = serverLayer({ sources: { data_cache: source } });
    const edge = createLayer(app, "edge", { remotes: { server } });
    const reads = [server.own("data_cache").get("data:a"), server.own("data_cache").get("data:b"), edge.borrow("data_cache").get("data:a")];
    release();
    assert.deepEqual(await Promise.all(reads), ["DATA:A", "DATA:B", "DATA:A"]);
    assert.deepEqual(calls.sort(), ["data:a", "data:b"]);
  });

  it("a source answering undefined is a miss, not stored", async () => {
    let calls = 0;
    const server = serverLayer({
      sources: {
        data_cache: {
          load: async () => {
            calls++;
            return undefined;
          },
        },
      },
    });
    assert.equal(await server.own("data_cache").get("data:none"), undefined);
    assert.equal(await server.own("data_cache").get("data:none"), undefined);
    assert.equal(calls, 2);
    assert.equal(await server.own("data_cache").has("data:none"), false);
  });

  it("getOrSet runs the factory once for concurrent misses, then hits", async () => {
    const server = serverLayer();
    let runs = 0;
    const data = server.own("data_cache");
    const values = await Promise.all(Array.from({ length: 50 }, () => data.getOrSet("data:f", async () => ({ run: ++runs }))));
    assert.equal(runs, 1);
    assert.ok(values.every((value) => (value as { run: number }).run === 1));
    assert.deepEqual(await data.getOrSet("data:f", () => ({ run: 99 })), { run: 1 });
  });

  it("loaded values are stored frozen (backfill) and served from the store", async () => {
    const server = serverLayer({ sources: { data_cache: { load: async (key) => ({ key, tags: ["a"] }) } } });
    const value = (await server.own("data_cache").get("data:x")) as { tags: string[] };
    assert.ok(Object.isFrozen(value));
    assert.equal(await server.own("data_cache").has("data:x"), true);
  });
});

describe("SingleFlight", () => {
  it("forgets a key once its run settled", async () => {
    const flight = new SingleFlight<string, number>();
    const first = flight.run("k", async () => 1);
    assert.equal(flight.has("k"), true);
    assert.equal(await first, 1);
    assert.equal(flight.has("k"), false);
    assert.equal(await flight.run("k", async () => 2), 2);
  });
});
