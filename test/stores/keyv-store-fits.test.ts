// Rule `store-fits`: a manifest the layer's store cannot serve fails at createLayer (run-time twin) and
// in tsc (src/types/handles/store-fits.ts), with one text; a listing a store cannot make fails at the
// call. And the capabilities each store declares.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { expectTypeOf } from "expect-type";
import { createLayer, defineManifest, memoryStore } from "../../src/index.js";
import type { CacheStore, PartitionOptions, StorePartition } from "../../src/index.node.js";
import { modelOf } from "../../src/runtime/model/model-of.js";
import { keyvStore, tieredStore, idbStore, edgeCacheStore } from "../../src/index.node.js";
import { StoreCapabilityError, checkStoreFits, storeLabel } from "../../src/runtime/stores/store-fits.js";
import { cannotListAtRunTimeMessage, cannotMeasureMessage, chunkTooLargeMessage, inexactKeysMessage } from "../../src/runtime/stores/store-fit-messages.js";
import type { CannotMeasureMessage, CheckStoreFits, InexactKeysMessage, StoreLabel } from "../../src/types/handles/store-fits.js";
import type { KeyvStoreCapabilities } from "../../src/runtime/stores/keyv-capabilities.js";
import { redisStore } from "../../src/redis.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    video_cache: { primary: "server", owns: ["video:*"], streaming: true, chunkSize: "64KB" },
    data_cache: { primary: "server", owns: ["data:*"], maxSize: "10MB" },
    user_data: { primary: "client", owns: ["user:*"] },
  },
});

/** A store of the user's own that declares what it lacks: a memory store underneath, nothing mocked. */
function declaring<const TCapabilities extends NonNullable<CacheStore["capabilities"]>>(capabilities: TCapabilities) {
  const inner = memoryStore();
  return {
    kind: "custom" as const,
    capabilities,
    partition: (cache: string, options: PartitionOptions): StorePartition => inner.partition(cache, options),
  };
}

describe("store-fits at createLayer", () => {
  it("refuses a streaming cache whose chunkSize exceeds what one entry of the store holds, naming cache, store and layer", () => {
    const store = declaring({ listsKeys: true, maxValueBytes: 48_957, ttlResolutionMs: 1, exactKeys: true, measuresSize: true, backend: "@keyv/mysql" });
    assert.throws(
      () => createLayer(app, "server", { store }),
      (error: unknown) => {
        assert.ok(error instanceof StoreCapabilityError);
        assert.equal(error.message, chunkTooLargeMessage("video_cache", "65536", "custom (@keyv/mysql)", "server", "48957"));
        assert.equal(error.need, "maxValueBytes");
        assert.equal(error.cache, "video_cache");
        assert.equal(error.layer, "server");
        assert.equal(error.store, "custom (@keyv/mysql)");
        return true;
      },
    );
  });

  it("refuses maxSize on a store that cannot measure", () => {
    const store = declaring({ listsKeys: true, ttlResolutionMs: 1, exactKeys: true, measuresSize: false });
    // @ts-expect-error the call tsc refuses (the same text), made as a JavaScript caller would
    assert.throws(() => createLayer(app, "server", { store }), { message: cannotMeasureMessage("data_cache", "custom", "server") });
  });

  it("refuses a store that compares keys inexactly for a layer that owns caches, and not for one that owns none", () => {
    const store = declaring({ listsKeys: true, ttlResolutionMs: 1, exactKeys: false, measuresSize: true });
    // @ts-expect-error the call tsc refuses (the same text), made as a JavaScript caller would
    assert.throws(() => createLayer(app, "server", { store }), { message: inexactKeysMessage("custom", "server") });
    assert.doesNotThrow(() => checkStoreFits(modelOf(app), "edge", store));
  });

  it("takes a store that declares nothing, and one that fits", async () => {
    const { capabilities: _dropped, ...undeclared } = declaring({ listsKeys: false, ttlResolutionMs: 1, exactKeys: false, measuresSize: false });
    assert.doesNotThrow(() => checkStoreFits(modelOf(app), "server", undeclared));
    const layer = createLayer(app, "server", { store: keyvStore(new Map(), { namespace: "fits" }) });
    await layer.close();
  });

  it("a keyv adapter that cannot list is taken, and refuses a pattern invalidation at the call with the rule's text", async () => {
    const store = keyvStore(new Map(), { namespace: "fits", capabilities: { listsKeys: false, backend: "my-adapter" } });
    const layer = createLayer(app, "server", { store });
    try {
      await layer.own("data_cache").set("data:1", 1);
      await assert.rejects(layer.invalidate("data:*"), (error: unknown) => {
        assert.ok(error instanceof StoreCapabilityError);
        assert.equal(error.message, cannotListAtRunTimeMessage("keys('data:*')", "data_cache", "keyv (my-adapter)", "server"));
        return true;
      });
      assert.equal(await layer.own("data_cache").get("data:1"), 1, "nothing was dropped");
      assert.equal(await layer.own("data_cache").delete("data:1"), true, "keys still work");
    } finally {
      await layer.close();
    }
  });
});

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- what keyvStore's options declare when the user declares nothing
type NoneDeclared = {};

describe("store-fits in types: the same texts", () => {
  it("CheckStoreFits answers the store when it fits, else the message the run-time twin throws", () => {
    const measuresNot = declaring({ listsKeys: true, ttlResolutionMs: 1, exactKeys: true, measuresSize: false });
    const _inexact = declaring({ listsKeys: true, ttlResolutionMs: 1, exactKeys: false, measuresSize: true });
    const _fits = keyvStore(new Map(), { namespace: "fits" });
    expectTypeOf<CheckStoreFits<typeof app, "server", typeof measuresNot>>().toEqualTypeOf<CannotMeasureMessage<"data_cache", "custom", "server">>();
    expectTypeOf<CheckStoreFits<typeof app, "server", typeof _inexact>>().toEqualTypeOf<InexactKeysMessage<"custom", "server">>();
    expectTypeOf<CheckStoreFits<typeof app, "server", typeof _fits>>().toEqualTypeOf<typeof _fits>();
    expectTypeOf<CheckStoreFits<typeof app, "server", undefined>>().toEqualTypeOf<undefined>();
    // A boolean (not literal) capability is left to the run-time twin.
    expectTypeOf<CheckStoreFits<typeof app, "server", CacheStore>>().toEqualTypeOf<CacheStore>();
    // The texts are the run-time twins' return types: equal strings, here checked at run time too.
    const twin: CannotMeasureMessage<"data_cache", "custom", "server"> = cannotMeasureMessage("data_cache", "custom", "server");
    // @ts-expect-error the call tsc refuses (the same text), made as a JavaScript caller would
    assert.throws(() => createLayer(app, "server", { store: measuresNot }), { message: twin });
  });

  it("a keyv store's capability types come from what the user declared, then from the adapter's type", () => {
    expectTypeOf<KeyvStoreCapabilities<Map<string, unknown>, NoneDeclared>["listsKeys"]>().toEqualTypeOf<true>();
    expectTypeOf<KeyvStoreCapabilities<{ formatKey(key: string): string; client: object }, NoneDeclared>["listsKeys"]>().toEqualTypeOf<false>();
    expectTypeOf<KeyvStoreCapabilities<{ formatKey(key: string): string; client: object }, { listsKeys: true }>["listsKeys"]>().toEqualTypeOf<true>();
    expectTypeOf<
      StoreLabel<{ kind: "keyv"; capabilities: KeyvStoreCapabilities<{ formatKey(key: string): string; client: object }, NoneDeclared> }>
    >().toEqualTypeOf<"keyv (@keyv/memcache)">();
    const declared = keyvStore(new Map(), { namespace: "fits", capabilities: { listsKeys: false } });
    expectTypeOf(declared.capabilities.listsKeys).toEqualTypeOf<false>();
    assert.equal(declared.capabilities.listsKeys, false);
  });
});

describe("what each store declares", () => {
  it("the built-in stores list, measure and compare keys exactly; the edge cache drops by whole seconds", async () => {
    const stores: CacheStore[] = [memoryStore(), idbStore("fits"), edgeCacheStore(), tieredStore(memoryStore(), memoryStore())];
    for (const store of stores) {
      assert.deepEqual(
        { ...store.capabilities },
        { listsKeys: true, ttlResolutionMs: store.kind === "edge-cache" ? 1000 : 1, exactKeys: true, measuresSize: true },
        store.kind,
      );
      assert.equal(storeLabel(store), store.kind);
    }
    const redis = redisStore("redis://127.0.0.1:1", { namespace: "fits" });
    assert.deepEqual({ ...redis.capabilities }, { listsKeys: true, ttlResolutionMs: 1, exactKeys: true, measuresSize: true });
    assert.equal(tieredStore(memoryStore(), redis).capabilities, redis.capabilities, "a tiered store has its shared tier's");
    await redis.close();
  });

  it("keyvStore over a Map lists; a user's declaration wins over what the adapter shows", () => {
    assert.deepEqual(
      { ...keyvStore(new Map(), { namespace: "x" }).capabilities },
      { listsKeys: true, maxValueBytes: undefined, ttlResolutionMs: Infinity, exactKeys: true, measuresSize: true },
    );
    const declared = keyvStore(new Map(), { namespace: "x", capabilities: { listsKeys: false, maxItemBytes: 1000, ttlResolutionMs: 1000, backend: "mine" } });
    assert.deepEqual(
      { ...declared.capabilities },
      { listsKeys: false, maxValueBytes: 558, ttlResolutionMs: 1000, exactKeys: true, measuresSize: true, backend: "mine" },
    );
  });
});
