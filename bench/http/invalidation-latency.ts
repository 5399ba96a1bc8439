/**
 * How long from a write at the owner until a remote reader hears that its copy is stale, over loopback
 * server-sent events, as p50/p99/max of sequential writes (each waits for its event before the next):
 *
 * - one hop: a write to a real_time cache of the server layer → the server's `/events` → a Node reader;
 * - two hops: a write to 'data:N' at the server → its cascade `POST`s 'products:N' to the edge layer's
 *   `/invalidate` → the edge's `/events` → a Node reader (the path a browser tab's drop takes).
 *
 * Run: node --import tsx bench/http/invalidation-latency.ts [writes]
 */
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { serveLayer } from "../../src/runtime/http/serve-layer.js";
import { remoteLayer } from "../../src/runtime/http/remote-layer.js";
import type { LayerRoute } from "../../src/runtime/contracts/route.js";
import { serveNode } from "../../src/node/serve-node.js";

const writes = Number(process.argv[2] ?? 300);

const app = {
  layers: ["client", "edge", "server"],
  caches: {
    product_cache: { primary: "edge", owns: ["products:*"] },
    live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time" },
    data_cache: { primary: "server", owns: ["data:*"], invalidates: ["products:*"] },
  },
} as const;

function summary(name: string, ms: number[]): void {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(2);
  console.log(`  ${name}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms (n=${sorted.length})`);
}

/** Writes one at a time and times each until `heard` has its target. */
async function measure(write: (i: number) => Promise<void>, target: (i: number) => string, heard: Map<string, number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < writes; i++) {
    const start = performance.now();
    await write(i);
    const until = start + 2000;
    while (!heard.has(target(i))) {
      if (performance.now() > until) throw new Error(`no event for ${target(i)} within 2 s`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    out.push(heard.get(target(i))! - start);
  }
  return out;
}

const remotes: Record<string, LayerRoute> = {};
const server = createLayerRuntime(app, "server", { remotes: { edge: () => remotes.edge } });
const edge = createLayerRuntime(app, "edge");
const servedServer = await serveNode(serveLayer(server, { expose: ["live_prices"] }));
const servedEdge = await serveNode(serveLayer(edge, { expose: ["product_cache"] }));
remotes.edge = remoteLayer(servedEdge.url, { layer: "edge" });

const heard = new Map<string, number>();
const serverFeed = remoteLayer(servedServer.url, { layer: "server" });
const edgeFeed = remoteLayer(servedEdge.url, { layer: "edge" });
serverFeed.onInvalidate((inv) => heard.set(inv.target, performance.now()));
edgeFeed.onInvalidate((inv) => heard.set(inv.target, performance.now()));
await Promise.all([serverFeed.subscribed(), edgeFeed.subscribed()]);

console.log(`write → remote reader hears the invalidation, loopback SSE, ${writes} sequential writes`);
summary(
  "one hop  (server real_time write → server /events → reader)",
  await measure(
    (i) => server.own("live_prices").set(`price:${i}`, i),
    (i) => `price:${i}`,
    heard,
  ),
);
summary(
  "two hops (server write → POST edge /invalidate → edge /events → reader)",
  await measure(
    (i) => server.own("data_cache").set(`data:${i}`, i),
    (i) => `products:${i}`,
    heard,
  ),
);

serverFeed.close();
edgeFeed.close();
await servedServer.close();
await servedEdge.close();
