// OpenTelemetry metrics of real layers, read by the real SDK's in-memory metric exporter: hits, misses,
// stale serves, loads, evictions, bytes, load time, and the invalidation delay of a write on the server
// whose target lives at the edge behind loopback HTTP.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer, defineManifest, manualClock, remoteLayer, serveLayer } from "../../src/index.node.js";
import { serveNode } from "../../src/node/index.js";
import { instrumentLayer } from "../../src/otel/index.js";
import { memoryMetrics, pointsOf } from "./otel-sdk.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "server", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
    products: { primary: "edge", owns: ["products:*"], ttl: "1s", grace: "1m", maxSize: "2KB" },
  },
});

type Histogram = { count: number; sum: number; min?: number; max?: number };

describe("OpenTelemetry metrics", () => {
  it("hits, misses, stale serves, loads, evictions and bytes per cache, with load time", async () => {
    const { meterProvider, collect, shutdown } = memoryMetrics();
    const clock = manualClock(1_000_000);
    let sourceUp = true;
    const edge = createLayer(app, "edge", {
      clock,
      sources: {
        products: {
          load: async (key) => {
            if (!sourceUp) throw new Error("source down");
            return { key, text: "x".repeat(600) };
          },
        },
      },
    });
    const stop = instrumentLayer(edge, { meterProvider, traces: false });
    try {
      const products = edge.own("products");
      await products.get("products:1"); // miss, load
      await products.get("products:1"); // hit
      clock.advance(2_000);
      sourceUp = false;
      await products.get("products:1"); // past its ttl, the source fails: the graced value is served (stale)
      sourceUp = true;
      for (const n of [2, 3, 4, 5]) await products.get(`products:${n}`); // 2 KB hold three: evictions
      const metrics = await collect();
      const of = (name: string) => pointsOf(metrics, name).find((point) => point.attributes["borrowcache.cache"] === "products")?.value;
      const stats = edge.stats().caches["products"]!;
      assert.equal(of("borrowcache.hits"), stats.hits);
      assert.equal(of("borrowcache.misses"), stats.misses);
      assert.equal(of("borrowcache.loads"), stats.loads);
      assert.equal(of("borrowcache.evictions"), stats.evictions);
      assert.ok(stats.evictions > 0, "the 2 KB budget evicted");
      assert.equal(of("borrowcache.bytes"), stats.bytes);
      assert.ok(stats.bytes > 0);
      assert.equal(of("borrowcache.stale_serves"), 1);
      const loadTime = of("borrowcache.load.duration") as Histogram;
      assert.equal(loadTime.count, 5, "one load time per successful load");
      const point = pointsOf(metrics, "borrowcache.hits")[0]!;
      assert.deepEqual(Object.keys(point.attributes).sort(), ["borrowcache.cache", "borrowcache.layer"], "no key in a metric");
    } finally {
      stop();
      await shutdown();
      await edge.close();
    }
  });

  it("the invalidation delay of a server write whose target the edge drops behind loopback HTTP", async () => {
    const { meterProvider, collect, shutdown } = memoryMetrics();
    const edge = createLayer(app, "edge");
    const served = await serveNode(serveLayer(edge, { expose: ["profile"] }));
    const route = remoteLayer(served.url, { layer: "edge" });
    const server = createLayer(app, "server", { remotes: { edge: route } });
    const stop = instrumentLayer(server, { meterProvider, traces: false });
    try {
      for (let n = 0; n < 20; n++) {
        await edge.own("profile").set(`profile:${n}`, { n });
        await server.own("user_data").set(`user:${n}`, { n });
        assert.equal(await edge.own("profile").has(`profile:${n}`), false);
      }
      const delay = pointsOf(await collect(), "borrowcache.invalidation.delay");
      assert.equal(delay.length, 1);
      assert.deepEqual(delay[0]!.attributes, {
        "borrowcache.cache": "profile",
        "borrowcache.layer": "server",
        "borrowcache.owner": "edge",
        "borrowcache.via": "direct",
      });
      const histogram = delay[0]!.value as Histogram;
      assert.equal(histogram.count, 20);
      assert.ok(histogram.min! > 0, "a drop behind HTTP takes time");
      assert.ok(histogram.max! < 1_000);
    } finally {
      stop();
      await shutdown();
      route.close();
      await served.close();
      await server.close();
      await edge.close();
    }
  });
});
