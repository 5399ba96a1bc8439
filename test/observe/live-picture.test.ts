// describe(app, live): the manifest's Mermaid graph annotated from running layers — each cache's hit
// ratio, bytes, evictions and invalidation delay, coloured by whether it works or thrashes. The layers
// are real (memory stores with a size budget, the edge behind loopback HTTP).
import assert from "node:assert/strict";
import { describe as suite, it } from "node:test";
import { createLayer, defineManifest, describe, remoteLayer, serveLayer, watchLayers } from "../../src/index.node.js";
import { serveNode } from "../../src/node/index.js";

const app = defineManifest({
  layers: ["edge", "server"],
  caches: {
    user_data: { primary: "server", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
    thumbnails: { primary: "edge", owns: ["thumb:*"], maxSize: "2KB" },
    archive: { primary: "server", owns: ["archive:*"] },
  },
});

suite("describe with live stats", () => {
  it("annotates each cache with hit ratio, bytes, evictions and invalidation delay, and colours it", async () => {
    const edge = createLayer(app, "edge", {
      sources: { profile: { load: async (key) => ({ of: key }) }, thumbnails: { load: async (key) => ({ key, pixels: "x".repeat(900) }) } },
    });
    const served = await serveNode(serveLayer(edge, { expose: ["profile"] }));
    const route = remoteLayer(served.url, { layer: "edge" });
    const server = createLayer(app, "server", {
      remotes: { edge: route },
      sources: { user_data: { load: async (key) => ({ id: key }) }, archive: { load: async (key) => ({ id: key }) } },
    });
    const watch = watchLayers([server, edge]);
    try {
      for (let round = 0; round < 10; round++) await server.own("user_data").get("user:1"); // 1 miss, 9 hits: works
      for (let round = 0; round < 10; round++) await server.own("archive").get(`archive:${round % 4}`); // 4 loads for 10 reads: mixed
      for (let round = 0; round < 3; round++) for (const n of [1, 2, 3, 4]) await edge.own("thumbnails").get(`thumb:${n}`); // 2 KB hold 2: thrashes
      for (const n of [1, 2, 3]) {
        await edge.own("profile").get(`profile:${n}`);
        await server.own("user_data").set(`user:${n}`, { n }); // drops profile:n at the edge, over HTTP
      }
      const live = watch.snapshot();
      assert.equal(live.delays["profile"]?.count, 3);
      assert.equal(live.delays["profile"]?.byOwner["edge"]?.count, 3);
      assert.ok(live.delays["profile"].p50 > 0);

      const picture = describe(app, live);
      const node = (cache: string) => picture.split("\n").find((line) => line.trimStart().startsWith(`cache_${cache}[`))!;
      assert.match(node("user_data"), /hit 90\.0% of 10 reads, 1 load<br\/>\d+ B"\]:::works$/);
      assert.match(node("thumbnails"), /hit 0\.0% of 12 reads, 12 loads<br\/>1\.\d kB<br\/>\d+ evicted"\]:::thrashes$/);
      assert.match(node("profile"), /hit 0\.0% of 3 reads, 3 loads<br\/>0 B<br\/>invalidated in [\d.]+ ms \(p50\), [\d.]+ ms max, 3×"\]$/);
      assert.match(node("archive"), /hit 60\.0% of 10 reads, 4 loads<br\/>\d+ B"\]:::mixed$/);
      assert.ok(picture.includes("classDef thrashes"));
      // Without live stats the picture is the plain one.
      assert.equal(describe(app).includes("classDef"), false);
      assert.equal(describe(app, { stats: edge.stats() }).includes("hit 0.0% of 12 reads, 12 loads"), true, "one layer's stats are enough");
    } finally {
      watch.stop();
      route.close();
      await served.close();
      await server.close();
      await edge.close();
    }
  });

  it("misses that joined another read's load (single flight) count as reads the cache spared its source", async () => {
    const server = createLayer(app, "server", {
      remotes: { edge: createLayer(app, "edge") },
      sources: { archive: { load: async (key) => new Promise((resolve) => setTimeout(() => resolve({ key }), 20)) } },
    });
    try {
      await Promise.all(Array.from({ length: 100 }, () => server.own("archive").get("archive:1")));
      const node = describe(app, { stats: server.stats() })
        .split("\n")
        .find((line) => line.trimStart().startsWith("cache_archive["))!;
      assert.match(node, /hit 0\.0% of 100 reads, 1 load<br\/>\d+ B"\]:::works$/);
    } finally {
      await server.close();
    }
  });
});
