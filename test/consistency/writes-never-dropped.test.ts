// G7 "writes are never silently dropped": a write whose cascade cannot reach its owner right now is
// applied here, and each invalidation it could not deliver is kept in the layer's store and replayed
// until the owner has it — across a restart of the writing layer too. The owner is a real edge layer
// behind serveLayer on loopback HTTP, stopped and started again.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IDBFactory } from "fake-indexeddb";
import { createLayer, defineManifest, idbStore, remoteLayer, serveLayer, type Layer, type LayerEventMap } from "../../src/index.node.js";
import { serveNode, type NodeServer } from "../../src/node/index.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
  },
});

/** An edge served on a fixed loopback port, so the client's route finds it again after a restart. */
async function startEdge(edge: Layer<typeof app, "edge">, port = 0): Promise<NodeServer> {
  return serveNode(serveLayer(edge, { expose: ["profile"] }), { port, host: "127.0.0.1" });
}

const eventually = async (check: () => boolean | Promise<boolean>, ms = 5000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms}ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("writes are never silently dropped", () => {
  it("with the owner down, the write is applied, its invalidation kept, and delivered once the owner is back", async () => {
    const edge = createLayer(app, "edge");
    await edge.own("profile").set("profile:42", { name: "old" });
    let server = await startEdge(edge);
    const port = Number(new URL(server.url).port);
    const route = remoteLayer(server.url, { layer: "edge", timeout: 500 });
    const client = createLayer(app, "client", { remotes: { edge: route } });
    const seen: Array<keyof LayerEventMap> = [];
    client.on("queued", () => seen.push("queued"));
    client.on("delivered", () => seen.push("delivered"));
    try {
      await server.close();
      await client.own("user_data").set("user:42", { name: "new" }); // resolves: applied here, cascade kept
      assert.deepEqual(await client.own("user_data").get("user:42"), { name: "new" });
      const pending = await client.pending();
      assert.deepEqual(
        pending.map((p) => [p.owner, p.cache, p.target, p.isPattern]),
        [["edge", "profile", "profile:42", false]],
      );
      assert.deepEqual(await edge.own("profile").get("profile:42"), { name: "old" }, "the owner has not heard yet");
      server = await startEdge(edge, port);
      await client.flush();
      await eventually(async () => (await client.pending()).length === 0);
      assert.equal(await edge.own("profile").get("profile:42"), undefined, "the kept invalidation reached the owner");
      assert.deepEqual(seen, ["queued", "delivered"]);
    } finally {
      route.close();
      await client.close();
      await server.close();
    }
  });

  it("what a layer kept survives a reload: a new layer on the same IndexedDB replays it", async () => {
    const edge = createLayer(app, "edge");
    await edge.own("profile").set("profile:7", "old");
    let server = await startEdge(edge);
    const port = Number(new URL(server.url).port);
    await server.close();
    // IndexedDB outlives the tab: the same database opened again after a reload.
    const indexedDB = new IDBFactory();
    const first = createLayer(app, "client", {
      store: idbStore("shop", { indexedDB }),
      remotes: { edge: remoteLayer(`http://127.0.0.1:${port}/`, { layer: "edge", timeout: 500 }) },
    });
    await first.own("user_data").set("user:7", "new");
    assert.equal((await first.pending()).length, 1);
    await first.close(); // the tab reloads, the process restarts
    server = await startEdge(edge, port);
    const route = remoteLayer(server.url, { layer: "edge" });
    const second = createLayer(app, "client", { store: idbStore("shop", { indexedDB }), remotes: { edge: route } });
    try {
      assert.deepEqual(
        (await second.pending()).map((p) => p.target),
        ["profile:7"],
      );
      await second.flush();
      assert.equal(await edge.own("profile").get("profile:7"), undefined);
      assert.deepEqual(await second.pending(), []);
    } finally {
      route.close();
      await second.close();
      await server.close();
    }
  });

  it("a refusal is not kept: the write reports it (a key outside the owner's cache is the caller's error)", async () => {
    const edge = createLayer(app, "edge");
    const server = await startEdge(edge);
    const route = remoteLayer(server.url, { layer: "edge", headers: () => ({}) });
    const client = createLayer(app, "client", { remotes: { edge: route } });
    try {
      // An authorize that refuses: the owner answered, and said no — nothing to replay.
      const refusing = await serveNode(serveLayer(edge, { expose: ["profile"], authorize: () => false }));
      const strict = createLayer(app, "client", { remotes: { edge: remoteLayer(refusing.url, { layer: "edge" }) } });
      await assert.rejects(strict.own("user_data").set("user:1", "x"), /refused to invalidate 'profile:1'/);
      assert.deepEqual(await strict.pending(), []);
      await strict.close();
      await refusing.close();
    } finally {
      route.close();
      await client.close();
      await server.close();
    }
  });
});
