// What observing a layer costs on a memory hit, measured in one process against the same hit on an
// unobserved layer (ratios are medians of per-round ratios, rounds interleaved and rotated):
//   - instrumentLayer (borrowcache/otel), real SDK: a tracer provider with a span processor, a meter
//     provider with a reader — a memory hit makes no span; its metrics are read from stats() at export
//   - the same, with the AsyncLocalStorage context manager enabled and an active span around the reads
//   - publishDiagnostics with a subscriber on borrowcache:hit (every hit builds and publishes a message)
//   - publishDiagnostics with nobody subscribed
//   - watchLayers (invalidation delays for describe)
//   - a second unobserved layer (A/A control: the noise floor of this machine)
// Run: node --import tsx bench/observe/hit-overhead.ts [rounds]
import diagnostics from "node:diagnostics_channel";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, AggregationTemporality } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { createLayer, defineManifest, DiagnosticsChannel, memoryStore, publishDiagnostics, watchLayers } from "../../src/index.node.js";
import { instrumentLayer } from "../../src/otel/index.js";

const app = defineManifest({
  layers: ["edge", "server"],
  caches: { product_cache: { primary: "edge", owns: ["products:*"], maxSize: "50MB" } },
});

const rounds = Number(process.argv[2] ?? 201);
const opsPerRound = 2_000; // short rounds, many of them, interleaved: a shared machine's noise hits all scenarios alike
const key = "products:1";
const value = { id: 1, name: "Widget", tags: Array.from({ length: 20 }, (_, i) => `tag-${i}`), description: "x".repeat(700) };

async function edgeLayer() {
  const edge = createLayer(app, "edge", { store: memoryStore() });
  await edge.own("product_cache").set(key, value);
  return edge;
}

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const meterProvider = new MeterProvider({
  readers: [new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 })],
});

const plain = await edgeLayer();
const control = await edgeLayer();
const otel = await edgeLayer();
instrumentLayer(otel, { tracerProvider, meterProvider });
const dcHeard = await edgeLayer();
publishDiagnostics(dcHeard);
let heard = 0;
diagnostics.subscribe(DiagnosticsChannel.hit, () => heard++);
const dcSilent = createLayer(defineManifest({ layers: ["edge"], caches: { other: { primary: "edge", owns: ["products:*"] } } }), "edge");
await dcSilent.own("other").set(key, value);
const watched = await edgeLayer();
watchLayers([watched]);

const tracer = tracerProvider.getTracer("bench");
type Scenario = { name: string; run: () => Promise<unknown> };
const plainHandle = plain.own("product_cache");
const controlHandle = control.own("product_cache");
const otelHandle = otel.own("product_cache");
const heardHandle = dcHeard.own("product_cache");
const silentHandle = dcSilent.own("other");
const watchedHandle = watched.own("product_cache");
const scenarios: Scenario[] = [
  { name: "no observer", run: () => plainHandle.get(key) },
  { name: "no observer, another layer (A/A control)", run: () => controlHandle.get(key) },
  { name: "instrumentLayer (OTel SDK)", run: () => otelHandle.get(key) },
  { name: "diagnostics_channel, hit subscribed", run: () => heardHandle.get(key) },
  { name: "diagnostics_channel, nobody subscribed", run: () => silentHandle.get(key) },
  { name: "watchLayers", run: () => watchedHandle.get(key) },
];
// The one scenario that runs inside an active span with the async-hooks context manager on: it is
// enabled only around its own rounds, since async hooks slow every await of the process.
const contextManager = new AsyncLocalStorageContextManager();
const inSpan: Scenario = { name: "instrumentLayer, inside an active span (ALS)", run: () => otelHandle.get(key) };

async function measure(run: () => Promise<unknown>, ops: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await run();
  return Number(process.hrtime.bigint() - start) / ops;
}

/** Both layers inside one active span, with the context manager on; the order alternates by round. */
async function measureInSpan(ops: number, round = 0): Promise<[number, number]> {
  context.setGlobalContextManager(contextManager.enable());
  try {
    return await tracer.startActiveSpan("request", async (span): Promise<[number, number]> => {
      const first = round % 2 === 0 ? inSpan.run : scenarios[0]!.run;
      const second = round % 2 === 0 ? scenarios[0]!.run : inSpan.run;
      const a = await measure(first, ops);
      const b = await measure(second, ops);
      span.end();
      return round % 2 === 0 ? [a, b] : [b, a];
    });
  } finally {
    context.disable();
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

for (const s of scenarios) await measure(s.run, opsPerRound); // warm-up
await measureInSpan(opsPerRound);

const perRound = new Map<string, number[]>([...scenarios.map((s) => [s.name, []] as [string, number[]]), [inSpan.name, []], ["no observer (ALS on)", []]]);
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < scenarios.length; i++) {
    const s = scenarios[(i + r) % scenarios.length]!;
    perRound.get(s.name)!.push(await measure(s.run, opsPerRound));
  }
  const [withSpan, plainWithHooks] = await measureInSpan(opsPerRound, r);
  perRound.get(inSpan.name)!.push(withSpan);
  perRound.get("no observer (ALS on)")!.push(plainWithHooks);
}

const ratio = (a: string, b: string) => median(perRound.get(a)!.map((ns, i) => ns / perRound.get(b)![i]!));
console.log(`observing a memory hit — ${rounds} rounds × ${opsPerRound} ops, 1 KB value, Node ${process.version}\n`);
for (const [name, samples] of perRound) {
  const against = name === inSpan.name ? "no observer (ALS on)" : "no observer";
  const shown = name === against ? "" : `   ${ratio(name, against).toFixed(3)}× vs ${against}`;
  console.log(`${name.padEnd(46)} ${median(samples).toFixed(0).padStart(6)} ns/op${shown}`);
}
console.log(`\nspans made by memory hits: ${spans.getFinishedSpans().filter((span) => span.name !== "request").length}; diagnostics hit messages: ${heard}`);
await Promise.all([plain, control, otel, dcHeard, dcSilent, watched].map((layer) => layer.close()));
await meterProvider.shutdown();
