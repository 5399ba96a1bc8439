// A layer that owns a warm cache must be given a source that can list its keys.
import { expectError } from "tsd";
import { createLayer, defineManifest } from "../../src/index.js";

const app = defineManifest({
  caches: {
    data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*"] } },
    user_data: { primary: "client", owns: ["user:*"] },
  },
});
async function* keys(pattern: string) {
  yield pattern.replace("*", "1");
}

createLayer(app, "server", { sources: { data_cache: { load: async (key) => ({ key }), keys } } });
createLayer(app, "client");

//~ ✗ cache 'data_cache' warms on layer 'server' but has no source there — pass sources: { data_cache: { load, keys } } to createLayer
expectError(createLayer(app, "server"));

//~ ✗ cache 'data_cache' warms on layer 'server' but has no source there — pass sources: { data_cache: { load, keys } } to createLayer
expectError(createLayer(app, "server", { sources: {} }));

// Options without `sources` name the cache too.
//~ ✗ cache 'data_cache' warms on layer 'server' but has no source there — pass sources: { data_cache: { load, keys } } to createLayer
expectError(createLayer(app, "server", {}));
//~ ✗ cache 'data_cache' warms on layer 'server' but has no source there — pass sources: { data_cache: { load, keys } } to createLayer
expectError(createLayer(app, "server", { processId: "p1" }));
