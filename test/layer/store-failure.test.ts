// A store that fails surfaces as StoreError naming layer, store, key and cause; a failed write keeps the old value.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StoreError, memoryStore } from "../../src/index.js";
import { serverLayer } from "./helpers/app.js";
import { failingStore } from "./helpers/failing-store.js";

describe("store failures", () => {
  it("a failed set is a StoreError and leaves the old value, and invalidates nothing", async () => {
    const { store, failures } = failingStore(memoryStore());
    const server = serverLayer({ store });
    const feed = server.own("feed");
    await feed.set("feed:1", "old");
    failures.set = true;
    await assert.rejects(feed.set("feed:1", "new"), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.deepEqual([error.layer, error.store, error.key, error.cache, error.operation], ["server", "memory", "feed:1", "feed", "set"]);
      assert.equal(error.cause, failures.error);
      return true;
    });
    failures.set = false;
    assert.equal(await feed.get("feed:1"), "old");
  });

  it("a failed read degrades to the source when there is one, and reports the error", async () => {
    const { store, failures } = failingStore(memoryStore());
    const loads: string[] = [];
    const layer = serverLayer({
      store,
      sources: {
        data_cache: {
          load: async (key) => {
            loads.push(key);
            return `loaded ${key}`;
          },
        },
      },
    });
    const errors: string[] = [];
    layer.on("error", (e) => errors.push(`${e.operation} ${e.key} ${(e.error as Error).name}`));
    failures.get = true;
    const data = layer.own("data_cache");
    assert.equal(await data.get("data:7"), "loaded data:7");
    assert.deepEqual(await data.getMany(["data:8"]), ["loaded data:8"]);
    assert.deepEqual(loads, ["data:7", "data:8"]);
    assert.ok(errors.includes("get data:7 StoreError"), errors.join(", "));
  });

  it("a store's own StoreError reaches the caller as it is, not wrapped twice", async () => {
    const { store, failures } = failingStore(memoryStore());
    const feed = serverLayer({ store }).own("feed");
    failures.error = new StoreError({ layer: "server", store: "memory", key: "feed:4", operation: "set", cause: new Error("disk on fire") });
    failures.set = true;
    await assert.rejects(feed.set("feed:4", "new"), (error: unknown) => error === failures.error);
  });

  it("a failed read without a source is a StoreError", async () => {
    const { store, failures } = failingStore(memoryStore());
    const feed = serverLayer({ store }).own("feed");
    failures.get = true;
    await assert.rejects(feed.get("feed:2"), (error: unknown) => error instanceof StoreError && error.operation === "get" && error.key === "feed:2");
  });

  it("a failed backfill still answers the reader, and reports the error", async () => {
    const { store, failures } = failingStore(memoryStore());
    const layer = serverLayer({ store, sources: { data_cache: { load: async () => "loaded" } } });
    const errors: string[] = [];
    layer.on("error", (e) => errors.push(`${e.operation} ${e.key}`));
    failures.set = true;
    assert.equal(await layer.own("data_cache").get("data:1"), "loaded");
    assert.deepEqual(errors, ["set data:1"]);
  });

  it("a value that cannot be stored is refused at set, naming the key", async () => {
    const feed = serverLayer().own("feed");
    await feed.set("feed:3", "old");
    await assert.rejects(
      feed.set("feed:3", { onChange: () => {} }),
      (error: unknown) => error instanceof Error && error.name === "ValueError" && (error as { key?: string }).key === "feed:3",
    );
    assert.equal(await feed.get("feed:3"), "old");
  });
});
