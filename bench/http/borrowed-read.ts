/**
 * A borrowed read over loopback HTTP against the floor it cannot beat: a plain `fetch` of the same
 * bytes from a bare `node:http` server. The borrowed read goes `remoteLayer.read` → `serveLayer` (route,
 * key check, authorize) → the edge layer's memory store → `serialize` → back → `deserialize`; the floor
 * is `fetch` + `text()` of those bytes, precomputed. Target: within 1.2× of the floor.
 *
 * Both run in one process (client and server) on keep-alive connections, in alternating rounds so
 * machine noise hits both alike. It prints, per request, the median wall time and the median CPU time
 * (user + system of the process: both ends' work, and far less sensitive to other load on the machine
 * than wall time), and their ratios, at 1 and at 8 requests in flight.
 * Run: node --import tsx bench/http/borrowed-read.ts [requestsPerRound] [rounds]
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { serveLayer } from "../../src/runtime/http/serve-layer.js";
import { remoteLayer } from "../../src/runtime/http/remote-layer.js";
import { serialize } from "../../src/runtime/serialize/index.js";
import { serveNode } from "../../test/helpers/http-server.js";

const perRound = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 7);

const app = { layers: ["client", "edge", "server"], caches: { product_cache: { primary: "edge", owns: ["products:*"] } } } as const;

// A ~1 KB product, as a shop would cache it.
const product = {
  id: 42, name: "Desk lamp", price: 3999, currency: "EUR", tags: ["home", "light", "desk"], updatedAt: "2026-11-25T06:00:00.000Z",
  description: "A small desk lamp. ".repeat(40), stock: { warehouse: 17, stores: [3, 0, 5, 8] },
};

const edge = createLayerRuntime(app, "edge");
await edge.own("product_cache").set("products:42", product);
const served = await serveNode(serveLayer(edge, { expose: ["product_cache"], authorize: (request) => request.headers.get("Authorization") === "Bearer t" }));
const remote = remoteLayer(served.url, { layer: "edge", headers: { Authorization: "Bearer t" } });

const bytes = serialize(product);
const bare = createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(bytes) });
  res.end(bytes);
});
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/c/product_cache?key=products%3A42`;

/** Microseconds per request: wall and CPU. */
async function time(concurrency: number, one: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let left = perRound;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (left-- > 0) await one();
  }));
  const used = process.cpuUsage(cpu);
  return { wall: ((performance.now() - start) * 1000) / perRound, cpu: (used.user + used.system) / perRound };
}

const borrowed = () => remote.read("product_cache", "products:42");
const floor = () => fetch(bareUrl).then((r) => r.text());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`borrowed read vs plain fetch of the same ${bytes.length} bytes, loopback, ${rounds} rounds × ${perRound} requests`);
for (const concurrency of [1, 8]) {
  for (let i = 0; i < 200; i++) await Promise.all([borrowed(), floor()]); // warm up: JIT, connections
  const ours: { wall: number; cpu: number }[] = [];
  const plain: { wall: number; cpu: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    ours.push(await time(concurrency, borrowed));
    plain.push(await time(concurrency, floor));
  }
  for (const metric of ["wall", "cpu"] as const) {
    const a = median(ours.map((r) => r[metric]));
    const b = median(plain.map((r) => r[metric]));
    console.log(`  ${concurrency} in flight, ${metric.padEnd(4)}: borrowed ${a.toFixed(0)} µs/req, plain fetch ${b.toFixed(0)} µs/req → ${(a / b).toFixed(2)}× (target ≤ 1.20×)`);
  }
}

await served.close();
await new Promise<void>((resolve) => { bare.close(() => resolve()); bare.closeAllConnections(); });
