// Rule `store-fits` at createLayer: a store whose declared capabilities cannot serve the caches the
// layer owns is refused on `store`, with the text the run-time twin throws (StoreCapabilityError,
// src/runtime/stores/store-fit-messages.ts; test/stores/keyv-store-fits.test.ts).
import { expectError } from "tsd";
import { createLayer, defineManifest, keyvStore, memoryStore, type CacheStore } from "../../src/index.js";

const app = defineManifest({
  caches: {
    data_cache: { primary: "server", owns: ["data:*"], maxSize: "10MB" },
    user_data: { primary: "client", owns: ["user:*"] },
  },
});
declare const partition: CacheStore["partition"];
const measuresNot = { kind: "custom", capabilities: { listsKeys: true, ttlResolutionMs: 1, exactKeys: true, measuresSize: false }, partition } as const;
const inexact = { kind: "custom", capabilities: { listsKeys: true, ttlResolutionMs: 1, exactKeys: false, measuresSize: true }, partition } as const;
declare const someStore: CacheStore;

createLayer(app, "server", { store: memoryStore() });
createLayer(app, "server", { store: keyvStore(new Map(), { namespace: "app" }) });
createLayer(app, "server", { store: someStore }); // capabilities not known to tsc: left to the run-time twin
createLayer(app, "client", { store: measuresNot }); // no maxSize on the client's caches
createLayer(app, "edge", { store: inexact }); // the edge owns no cache

//~ ✗ cache 'data_cache' has a maxSize, but store 'custom' of layer 'server' cannot count the bytes it holds — remove maxSize, or use a store that measures its entries
expectError(createLayer(app, "server", { store: measuresNot }));
//~ ✗ store 'custom' of layer 'server' compares keys inexactly, so keys differing only in case, accents or trailing spaces would share one entry — use a store that compares keys exactly
expectError(createLayer(app, "server", { store: inexact }));
