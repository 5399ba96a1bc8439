// Compile-time only: the observability API takes the layers `createLayer` returns, whatever their
// manifest and layer, and `describe` takes what `watchLayers` and `layer.stats()` give.
import { expectAssignable, expectError, expectType } from "tsd";
import { createLayer, defineManifest, describe, watchLayers, type DelaySummary, type LayerStats, type LayerWatch, type LiveStats } from "../../src/index.js";
import { publishDiagnostics } from "../../src/node/index.js";
import { instrumentLayer, type InstrumentLayerOptions } from "../../src/otel/index.js";

const app = defineManifest({
  caches: {
    user_data: { primary: "server", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
  },
});
const edge = createLayer(app, "edge");
const server = createLayer(app, "server", { remotes: { edge } });

const watch = watchLayers([server, edge]);
expectType<LayerWatch>(watch);
expectAssignable<LiveStats>(watch.snapshot());
expectType<readonly LayerStats[]>(watch.snapshot().stats);
expectType<DelaySummary | undefined>(watch.snapshot().delays["profile"]);
expectType<string>(describe(app, watch.snapshot()));
expectType<string>(describe(app, { stats: server.stats() }));
expectType<string>(describe(app, { stats: [server.stats(), edge.stats()] }));
expectType<() => void>(instrumentLayer(server));
expectType<() => void>(instrumentLayer(edge, { traces: false } satisfies InstrumentLayerOptions));
expectType<() => void>(publishDiagnostics(edge));

// Live stats are what layers counted: an object without `stats` is refused.
//~ Property 'stats' is missing in type '{ delays: {}; }'
expectError(describe(app, { delays: {} }));
// Something that is not a layer is refused at compile time.
//~ is missing the following properties from type 'ObservedLayer': manifest, stats, on
expectError(watchLayers([{ name: "edge" }]));
//~ is missing the following properties from type 'ObservedLayer': name, manifest, on
expectError(instrumentLayer({ stats: () => server.stats() }));
