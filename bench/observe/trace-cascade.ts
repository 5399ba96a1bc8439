// The trace of one cascading write across two layers, printed as a span tree: the server (its store
// on Redis, under its own namespace) writes `user:42`, whose manifest entry invalidates `profile:42`,
// owned by the edge behind loopback HTTP (serveLayer + remoteLayer). Spans come from borrowcache/otel
// through the real SDK (in-memory exporter); `traceparent` carries the trace across HTTP.
// Run: node --import tsx bench/observe/trace-cascade.ts
import { randomBytes } from "node:crypto";
import { context, propagation, SpanKind } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { createClient } from "@redis/client";
import { createLayer, defineManifest, redisStore, remoteLayer, serveLayer } from "../../src/index.node.js";
import { serveNode } from "../../src/node/index.js";
import { instrumentLayer } from "../../src/otel/index.js";

const app = defineManifest({
  layers: ["edge", "server"],
  caches: {
    user_data: { primary: "server", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
  },
});

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const namespace = `borrowcache-bench:trace-${randomBytes(4).toString("hex")}`;
const edge = createLayer(app, "edge", { sources: { profile: { load: async (key) => ({ of: key, bio: "…" }) } } });
const served = await serveNode(serveLayer(edge, { expose: ["profile"] }));
const route = remoteLayer(served.url, { layer: "edge" });
const server = createLayer(app, "server", { store: redisStore(redisUrl, { namespace, layer: "server" }), remotes: { edge: route } });

try {
  await edge.own("profile").get("profile:42"); // the edge holds profile:42
  await server.own("user_data").set("user:0", { warm: true }); // connections warm, not traced
  const stops = [instrumentLayer(server, { tracerProvider, metrics: false }), instrumentLayer(edge, { tracerProvider, metrics: false })];
  await server.own("user_data").set("user:42", { name: "Ada" });
  for (const stop of stops) stop();
  console.log(`edge still holds profile:42: ${await edge.own("profile").has("profile:42")}\n`);
  printTree(exporter.getFinishedSpans());
} finally {
  route.close();
  await served.close();
  await server.close();
  await edge.close();
  const client = createClient({ url: redisUrl });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${namespace}*` })) if (keys.length > 0) await client.unlink(keys);
  await client.close();
}

/** Spans as a tree (children in start order), one line each: name, layer, attributes, duration. */
function printTree(spans: ReadableSpan[]): void {
  const byParent = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent !== undefined && ids.has(parent) ? parent : undefined;
    byParent.set(key, [...(byParent.get(key) ?? []), span]);
  }
  const startOf = (span: ReadableSpan) => span.startTime[0] * 1e3 + span.startTime[1] / 1e6;
  const roots = (byParent.get(undefined) ?? []).sort((a, b) => startOf(a) - startOf(b));
  const traceStart = roots.length > 0 ? startOf(roots[0]!) : 0;
  const walk = (span: ReadableSpan, prefix: string, last: boolean, depth: number) => {
    const a = span.attributes;
    const ms = span.duration[0] * 1e3 + span.duration[1] / 1e6;
    const at = startOf(span) - traceStart;
    const kind =
      span.kind === SpanKind.CLIENT ? " CLIENT"
      : span.kind === SpanKind.SERVER ? " SERVER"
      : "";
    const owner = a["borrowcache.owner"] !== undefined && a["borrowcache.owner"] !== a["borrowcache.layer"] ? ` → ${String(a["borrowcache.owner"])}` : "";
    const op = a["borrowcache.operation"] !== undefined ? ` ${String(a["borrowcache.operation"])}` : "";
    const line = `${span.name}${kind}  [${String(a["borrowcache.layer"])}${owner}] ${String(a["borrowcache.cache"])} '${String(a["borrowcache.key_pattern"])}'${op}`;
    const branch =
      depth === 0 ? ""
      : last ? "└─ "
      : "├─ ";
    console.log(`${(prefix + branch + line).padEnd(92)} +${at.toFixed(2).padStart(6)} ms  ${ms.toFixed(2).padStart(6)} ms`);
    const children = (byParent.get(span.spanContext().spanId) ?? []).sort((x, y) => startOf(x) - startOf(y));
    children.forEach((child, index) => walk(child, depth === 0 ? "" : prefix + (last ? "   " : "│  "), index === children.length - 1, depth + 1));
  };
  console.log(
    `trace ${roots[0]?.spanContext().traceId ?? "(none)"}: ${spans.length} spans, one trace id: ${new Set(spans.map((s) => s.spanContext().traceId)).size === 1}`,
  );
  for (const root of roots) walk(root, "", true, 0);
}
