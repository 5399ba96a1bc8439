// Cache invalidation hell (seed disaster 3): a write invalidates every dependent cache, at its owner,
// wherever it is, with the captured wildcards carried over.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer, memoryBus, memoryStore, type CacheStore, type RouteInvalidation } from "../../src/index.js";
import { app, serverLayer } from "../layer/helpers/app.js";

function threeLayers() {
  const server = serverLayer();
  const edge = createLayer(app, "edge", { remotes: { server } });
  const client = createLayer(app, "client", { remotes: { edge, server } });
  return { client, edge, server };
}

describe("transitive invalidation across layers", () => {
  it("a write to 'user:42' drops 'profile:42' at the edge and 'feed:42' at the server, and nothing else", async () => {
    const { client, edge, server } = threeLayers();
    await edge.own("profile").set("profile:42", { bio: "old" });
    await edge.own("profile").set("profile:7", { bio: "other user" });
    await server.own("feed").set("feed:42", ["old post"]);
    await server.own("feed").set("feed:7", ["other"]);
    await client.own("settings").set("settings:42", { theme: "dark" });
    const feedDropsBefore = server.stats().caches.feed!.invalidations; // the edge's writes above dropped 'feed:42' and 'feed:7'

    await client.own("user_data").set("user:42", { name: "Ada" });

    assert.equal(await edge.own("profile").get("profile:42"), undefined);
    assert.equal(await server.own("feed").get("feed:42"), undefined);
    assert.equal(await client.own("settings").get("settings:42"), undefined);
    assert.deepEqual(await edge.own("profile").get("profile:7"), { bio: "other user" });
    assert.deepEqual(await server.own("feed").get("feed:7"), ["other"]);
    assert.deepEqual(await client.own("user_data").get("user:42"), { name: "Ada" });
    assert.equal(edge.stats().caches.profile!.invalidations, 1);
    assert.equal(server.stats().caches.feed!.invalidations, feedDropsBefore + 1);
  });

  it("delete and atomicUpdate invalidate like set", async () => {
    const { client, edge } = threeLayers();
    await edge.own("profile").set("profile:1", 1);
    await client.own("user_data").delete("user:1");
    assert.equal(await edge.own("profile").get("profile:1"), undefined);
    await edge.own("profile").set("profile:1", 1);
    await client.own("user_data").atomicUpdate("user:1", () => ({ n: 1 }));
    assert.equal(await edge.own("profile").get("profile:1"), undefined);
  });

  it("a pattern invalidation touches only the target cache's keys", async () => {
    const server = serverLayer();
    const data = server.own("data_cache");
    const feed = server.own("feed");
    await data.set("data:1", 1);
    await data.set("data:2", 2);
    await data.set("popular:1", 3);
    await feed.set("feed:1", 4);
    await server.invalidate("data:*");
    assert.equal(await data.get("data:1"), undefined);
    assert.equal(await data.get("data:2"), undefined);
    assert.equal(await data.get("popular:1"), 3);
    assert.equal(await feed.get("feed:1"), 4);
  });

  it("a manual invalidate of a key cascades, from any layer", async () => {
    const { client, edge, server } = threeLayers();
    await edge.own("profile").set("profile:5", 1);
    await server.own("feed").set("feed:5", 2);
    await client.invalidate("profile:5"); // owned by the edge, reached through remotes
    assert.equal(await edge.own("profile").get("profile:5"), undefined);
    assert.equal(await server.own("feed").get("feed:5"), undefined);
  });

  it("Owned.invalidate takes a key or pattern of its own cache only", async () => {
    const { client, edge } = threeLayers();
    await edge.own("profile").set("profile:1", 1);
    await client.own("user_data").invalidate("user:*"); // cascades to 'profile:*'
    assert.equal(await edge.own("profile").get("profile:1"), undefined);
    // @ts-expect-error the call tsc refuses, made as a JavaScript caller would
    await assert.rejects(client.own("user_data").invalidate("profile:1"), { rule: "key-in-patterns" });
  });

  it("onInvalidate listeners hear the written key and every target dropped here", async () => {
    const { client, edge } = threeLayers();
    const heardAtEdge: RouteInvalidation[] = [];
    const heardAtClient: RouteInvalidation[] = [];
    edge.onInvalidate((i) => heardAtEdge.push(i));
    client.onInvalidate((i) => heardAtClient.push(i));
    await client.own("user_data").set("user:9", 1);
    assert.deepEqual(heardAtEdge, [{ cache: "profile", target: "profile:9", isPattern: false }]);
    assert.deepEqual(heardAtClient.map((i) => i.target).sort(), ["settings:9", "user:9"]);
  });

  it("an invalidation whose owner fails is reported after the others were carried out", async () => {
    const server = serverLayer();
    const failure = new Error("edge unreachable");
    const edgeRoute = {
      layerName: "edge",
      read: async () => {
        throw failure;
      },
      stream: () => {
        throw failure;
      },
      invalidate: async () => {
        throw failure;
      },
      onInvalidate: () => () => {},
    };
    const client = createLayer(app, "client", { remotes: { edge: edgeRoute, server } });
    await client.own("settings").set("settings:3", 1);
    await assert.rejects(client.own("user_data").set("user:3", 1), failure);
    assert.deepEqual(await client.own("user_data").get("user:3"), 1); // the write itself happened
    assert.equal(await client.own("settings").get("settings:3"), undefined);
  });
});

describe("invalidation across processes of one layer (bus)", () => {
  it("a write in one process drops the key in another process's memory store", async () => {
    const bus = memoryBus();
    const a = serverLayer({ bus, processId: "a" });
    const b = serverLayer({ bus, processId: "b" });
    await b.own("data_cache").set("data:1", "old");
    await a.own("data_cache").set("data:1", "new");
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await b.own("data_cache").get("data:1"), undefined);
    assert.equal(await a.own("data_cache").get("data:1"), "new"); // its own message is ignored
    assert.deepEqual(
      bus.published.map((m) => [m.origin, m.target]),
      [
        ["b", "data:1"],
        ["a", "data:1"],
      ],
    );
  });

  it("on a shared store only this process's copy is forgotten (forgetLocal), never the new value", async () => {
    const bus = memoryBus();
    const shared = memoryStore();
    const forgotten: string[] = [];
    const withForget: CacheStore = {
      kind: "tiered",
      partition(cache, options) {
        const inner = shared.partition(cache, options);
        return {
          get: (key) => inner.get(key),
          getMany: (keys) => inner.getMany(keys),
          set: (key, entry, ttl) => inner.set(key, entry, ttl),
          delete: (key) => inner.delete(key),
          keys: (pattern) => inner.keys(pattern),
          clear: () => inner.clear(),
          forgetLocal: (key: string) => void forgotten.push(key),
          forgetLocalPattern: (pattern: string) => void forgotten.push(pattern),
        };
      },
    };
    const a = serverLayer({ bus, processId: "a", store: withForget });
    const b = serverLayer({ bus, processId: "b", store: withForget });
    await a.own("data_cache").set("data:1", "new");
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(forgotten, ["data:1"]);
    assert.equal(await b.own("data_cache").get("data:1"), "new");
  });

  it("after a bus reconnect the layer asks its store to drop what it cannot prove fresh", async () => {
    const bus = memoryBus();
    let dropped = 0;
    const store = Object.assign(memoryStore(), {
      dropVolatile: () => {
        dropped++;
      },
    });
    serverLayer({ bus, store });
    bus.reconnect();
    await Promise.resolve();
    assert.equal(dropped, 1);
  });
});
