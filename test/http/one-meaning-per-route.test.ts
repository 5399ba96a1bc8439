// The same call means the same thing whatever the route to the owner: a layer invalidating a pattern
// of a cache owned by a layer in this process, or by the same layer behind serveLayer/remoteLayer;
// and the HTTP `Age` header reads the layer's clock, as getWithMeta().age does.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer, defineManifest, manualClock, remoteLayer, serveLayer, type LayerRoute } from "../../src/index.node.js";
import { serveNode } from "../../src/node/index.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    profile: { primary: "edge", owns: ["profile:*"] },
    data_cache: { primary: "server", owns: ["data:*"] },
  },
});

describe("one meaning per call, whatever the route", () => {
  it("server.invalidate('profile*') drops 'profile:1' with the edge in this process and behind HTTP", async () => {
    for (const behindHttp of [false, true]) {
      const edge = createLayer(app, "edge");
      await edge.own("profile").set("profile:1", { name: "Ada" });
      const server_ = behindHttp ? await serveNode(serveLayer(edge, { expose: ["profile"] })) : undefined;
      const route: LayerRoute | undefined = server_ ? remoteLayer(server_.url, { layer: "edge" }) : undefined;
      const server = createLayer(app, "server", { remotes: { edge: route ?? edge } });
      try {
        await server.invalidate("profile*");
        assert.equal(await edge.own("profile").get("profile:1"), undefined, behindHttp ? "behind HTTP" : "in process");
        // A pattern that reaches no cache is refused the same way on both routes.
        // @ts-expect-error the call tsc refuses, made as a JavaScript caller would
        await assert.rejects(server.invalidate("nothing:*"), /is neither a cache nor an owned pattern/);
      } finally {
        (route as { close?: () => void } | undefined)?.close?.();
        await server_?.close();
      }
    }
  });

  it("the Age header follows the layer's clock, as getWithMeta().age does", async () => {
    const clock = manualClock(1_000_000);
    const edge = createLayer(app, "edge", { clock });
    await edge.own("profile").set("profile:1", "v");
    clock.advance(42_000);
    const served = await serveNode(serveLayer(edge, { expose: ["profile"] }));
    try {
      const response = await fetch(`${served.url}c/profile?key=profile%3A1`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("Age"), "42");
      assert.equal((await edge.own("profile").getWithMeta("profile:1")).age, 42_000);
    } finally {
      await served.close();
    }
  });
});
