// TanStack Query over a layer, with a real QueryClient: queries read through the handle, and every
// change the layer sees — its own writes, a pattern dropped, a message from another process, a
// warm-up fill, a remote owner's event feed — invalidates exactly the queries of the keys it touched.
import assert from "node:assert/strict";
import { after, afterEach, describe, it } from "node:test";
import { QueryClient, QueryObserver } from "@tanstack/query-core";
import { createLayer, defineManifest, memoryBus, remoteLayer, serveLayer } from "../../src/index.js";
import { serveNode } from "../../src/node/index.js";
import { cacheQueryOptions, syncInvalidations } from "../../src/tanstack-query/index.js";
import { app, eventually, within, type User } from "../react/app.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const ada: User = { name: "Ada", since: new Date("2020-01-01T00:00:00Z") };
const grace: User = { name: "Grace", since: new Date("2021-01-01T00:00:00Z") };

function queryClient(): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.mount();
  cleanups.push(() => client.clear());
  return client;
}

/** Keeps a query observed (as a mounted `useQuery` does), so an invalidation refetches it at once. */
function observed<TObserver extends { subscribe(listener: () => void): () => void }>(observer: TObserver): TObserver {
  cleanups.push(observer.subscribe(() => undefined));
  return observer;
}

const isInvalidated = (client: QueryClient, key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated === true;

describe("cacheQueryOptions", () => {
  it("reads through the handle under the query key [cache, key]; a key holding nothing is null", async () => {
    const layer = createLayer(app, "client");
    const users = layer.own("user_data");
    await users.set("user:1", ada);
    const client = queryClient();
    const options = cacheQueryOptions(users, "user:1");
    assert.deepEqual(options.queryKey, ["user_data", "user:1"]);
    assert.deepEqual(await client.fetchQuery(options), ada);
    assert.equal(client.getQueryData(options.queryKey), await users.get("user:1"), "the handle's own frozen value, not a copy");
    assert.equal(await client.fetchQuery(cacheQueryOptions(users, "user:2")), null);
  });

  it("a streaming cache's key fails with the text tsc gives the call", async () => {
    const layer = createLayer(app, "client");
    // @ts-expect-error the call tsc refuses, made as a JavaScript caller would
    const options = cacheQueryOptions(layer.own("video_cache"), "video:1");
    await assert.rejects(queryClient().fetchQuery(options), { message: "✗ cannot get from cache 'video_cache': it streams — use stream(key)" });
  });
});

describe("syncInvalidations", () => {
  it("a write through the layer invalidates the key's query once, and an observed query shows the new value", async () => {
    const layer = createLayer(app, "client");
    const users = layer.own("user_data");
    await users.set("user:1", ada);
    const client = queryClient();
    cleanups.push(syncInvalidations(layer, client));
    const observer = observed(new QueryObserver(client, cacheQueryOptions(users, "user:1")));
    const other = cacheQueryOptions(users, "user:2");
    await client.fetchQuery(other);
    await eventually(() => observer.getCurrentResult().data?.name === "Ada");
    let fetches = 0;
    client.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "fetch") fetches++;
    });
    await users.set("user:1", grace);
    await eventually(() => observer.getCurrentResult().data?.name === "Grace");
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(fetches, 1, "the write's set event and its announcement make one refetch");
    assert.equal(observer.getCurrentResult().data, await users.get("user:1"), "the handle's own frozen value, not a structurally shared copy");
    assert.equal(isInvalidated(client, other.queryKey), false, "'user:2' is untouched");
  });

  it("a pattern dropped invalidates the queries of that cache whose keys it matches, and no other", async () => {
    const layer = createLayer(app, "client");
    const users = layer.own("user_data");
    const client = queryClient();
    cleanups.push(syncInvalidations(layer, client));
    const keys = ["user:1", "user:10", "user:2"] as const;
    for (const key of keys) await client.fetchQuery(cacheQueryOptions(users, key));
    // A query of the user's own with the same key text in another "cache" position is not ours to touch.
    await client.fetchQuery({ queryKey: ["other_cache", "user:1"], queryFn: () => 1 });
    await users.invalidate("user:1*");
    await eventually(() => isInvalidated(client, ["user_data", "user:1"]));
    assert.deepEqual(
      keys.map((key) => isInvalidated(client, ["user_data", key])),
      [true, true, false],
    );
    assert.equal(isInvalidated(client, ["other_cache", "user:1"]), false);
  });

  it("a message from another process of the layer (the bus) invalidates the query there", async () => {
    const bus = memoryBus();
    const tabA = createLayer(app, "client", { bus, processId: "a" });
    const tabB = createLayer(app, "client", { bus, processId: "b" });
    const client = queryClient();
    cleanups.push(syncInvalidations(tabB, client));
    const options = cacheQueryOptions(tabB.own("user_data"), "user:1");
    await client.fetchQuery(options);
    await tabA.own("user_data").set("user:1", grace);
    await eventually(() => isInvalidated(client, options.queryKey));
  });

  it("a warm-up fill (which announces nothing) invalidates the key's query", async () => {
    const warming = defineManifest({ caches: { popular: { primary: "server", owns: ["popular:*"], warm: { prefetch: ["popular:*"] } } } });
    const server = createLayer(warming, "server", {
      sources: {
        popular: {
          load: async (key) => `${key} from the database`,
          keys: async function* () {
            yield "popular:home";
          },
        },
      },
    });
    const client = queryClient();
    cleanups.push(syncInvalidations(server, client));
    const options = cacheQueryOptions(server.own("popular"), "popular:home");
    client.setQueryData(options.queryKey, null);
    await server.warm();
    await eventually(() => isInvalidated(client, options.queryKey));
    assert.equal(await client.fetchQuery({ ...options, staleTime: 0 }), "popular:home from the database");
  });

  it("with remotes, a remote owner's event feed invalidates the borrowed key's query", async () => {
    const edge = createLayer(app, "edge");
    await edge.own("product_cache").set("products:1", { name: "lamp", price: 30 });
    const served = await serveNode(serveLayer(edge, { expose: ["product_cache"] }));
    cleanups.push(() => served.close());
    const toEdge = remoteLayer(served.url, { layer: "edge" });
    cleanups.push(() => toEdge.close());
    const layer = createLayer(app, "client", { remotes: { edge: toEdge } });
    const client = queryClient();
    cleanups.push(syncInvalidations(layer, client, { remotes: { edge: toEdge } }));
    const observer = observed(new QueryObserver(client, cacheQueryOptions(layer.borrow("product_cache"), "products:1")));
    await eventually(() => observer.getCurrentResult().data?.price === 30);
    await within(toEdge.subscribed(), 2000, "the edge's event feed is followed");
    await edge.own("product_cache").set("products:1", { name: "lamp", price: 25 });
    await eventually(() => observer.getCurrentResult().data?.price === 25);
  });

  it("stops when told to", async () => {
    const layer = createLayer(app, "client");
    const users = layer.own("user_data");
    const client = queryClient();
    const stop = syncInvalidations(layer, client);
    const options = cacheQueryOptions(users, "user:1");
    await client.fetchQuery(options);
    stop();
    await users.set("user:1", grace);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(isInvalidated(client, options.queryKey), false);
  });
});
