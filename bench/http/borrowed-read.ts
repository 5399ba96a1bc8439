/**
 * A borrowed read over loopback HTTP against the floor it cannot beat: a plain `fetch` of the same
 * bytes from a bare `node:http` server. Target: within 1.2× of the floor.
 *
 * - plain:     `fetch` + `text()` from a bare server that answers precomputed bytes: the baseline;
 * - served:    the same `fetch` + `text()` from `serveLayer` (route, key check, authorize, the edge
 *              layer's memory store, `serialize`), on Node's fast path: the server's share;
 * - borrowed:  `remoteLayer.read` as `borrowcache` exports it on Node (reads over `node:http`, deadline,
 *              headers, `deserialize`) from `serveLayer`: the whole read, what a Node borrower runs;
 * - borrowed-fetch: the same read through `fetch`, as browsers and workers run it (measured on Node);
 * - plain-http: a bare `node:http` GET of the bare server's bytes: the floor of the transport the
 *              Node borrower uses, so `borrowed / plain-http` is the protocol's own cost.
 *
 * Each variant runs in its own child process (client and server in it), in alternating order, several
 * times; the figure per variant is the median CPU time per request (user + system: both ends' work,
 * much less sensitive than wall time to other load on the machine), with the wall time beside it.
 * Run: node --import tsx bench/http/borrowed-read.ts [requests] [repeats]
 */
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { serveLayer } from "../../src/runtime/http/serve-layer.js";
import { remoteLayer as fetchRemoteLayer } from "../../src/runtime/http/remote-layer.js";
import { remoteLayer } from "../../src/node/remote-layer.js";
import { nodeReadTransport } from "../../src/node/http-read-transport.js";
import { DeadlineList } from "../../src/runtime/http/deadlines.js";
import { serialize } from "../../src/runtime/serialize/index.js";
import { serveNode } from "../../src/node/serve-node.js";
import { product } from "./product.js";

const VARIANTS = ["plain", "served", "borrowed", "borrowed-fetch", "plain-http"] as const;
type Variant = (typeof VARIANTS)[number];

const app = { layers: ["client", "edge", "server"], caches: { product_cache: { primary: "edge", owns: ["products:*"] } } } as const;

/** In a child: runs one variant and prints `cpuµs wallµs` per request. */
async function child(variant: Variant, requests: number, concurrency: number): Promise<void> {
  const edge = createLayerRuntime(app, "edge");
  await edge.own("product_cache").set("products:42", product);
  const served = await serveNode(serveLayer(edge, { expose: ["product_cache"], authorize: (request) => request.headers.get("Authorization") === "Bearer t" }));
  const remote = (variant === "borrowed-fetch" ? fetchRemoteLayer : remoteLayer)(served.url, { layer: "edge", headers: { Authorization: "Bearer t" } });
  const http = nodeReadTransport();
  const deadlines = new DeadlineList(5000);
  const bytes = serialize(product);
  const bare = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(bytes) }).end(bytes);
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const path = "c/product_cache?key=products%3A42";
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/${path}`;
  const one =
    variant === "plain" ? () => fetch(bareUrl).then((r) => r.text())
    : variant === "served" ? () => fetch(served.url + path, { headers: { Authorization: "Bearer t" } }).then((r) => r.text())
    : variant === "plain-http" ?
      () => {
        const deadline = deadlines.start();
        return http.getText(bareUrl, {}, deadline).finally(() => deadline.clear());
      }
    : () => remote.read("product_cache", "products:42");
  const run = async (count: number) => {
    let left = count;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left-- > 0) await one();
      }),
    );
  };
  await run(1000); // warm up: JIT, connections
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run(requests);
  const used = process.cpuUsage(cpu);
  console.log(`${(used.user + used.system) / requests} ${((performance.now() - start) * 1000) / requests}`);
  process.exit(0);
}

const [mode, variantArg, requestsArg, concurrencyArg] = process.argv.slice(2);
if (mode === "--child") {
  await child(variantArg as Variant, Number(requestsArg), Number(concurrencyArg));
} else {
  const requests = Number(process.argv[2] ?? 3000);
  const repeats = Number(process.argv[3] ?? 3);
  const self = fileURLToPath(import.meta.url);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `borrowed read vs plain fetch of the same ${serialize(product).length} bytes over loopback: ${requests} requests per run, ${repeats} runs per variant, median`,
  );
  for (const concurrency of [1, 8]) {
    const results = new Map<Variant, { cpu: number[]; wall: number[] }>(VARIANTS.map((v) => [v, { cpu: [], wall: [] }]));
    for (let repeat = 0; repeat < repeats; repeat++) {
      const order = repeat % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const out = spawnSync(process.execPath, ["--import", "tsx", self, "--child", variant, String(requests), String(concurrency)], { encoding: "utf8" });
        const [cpu, wall] = out.stdout.trim().split(" ").map(Number);
        if (!Number.isFinite(cpu) || !Number.isFinite(wall)) throw new Error(`child ${variant} failed: ${out.stderr}`);
        results.get(variant)!.cpu.push(cpu!);
        results.get(variant)!.wall.push(wall!);
      }
    }
    const floor = median(results.get("plain")!.cpu);
    for (const variant of VARIANTS) {
      const cpu = median(results.get(variant)!.cpu);
      const wall = median(results.get(variant)!.wall);
      console.log(
        `  ${concurrency} in flight  ${variant.padEnd(14)}  ${cpu.toFixed(0).padStart(5)} µs CPU/req (${(cpu / floor).toFixed(2)}× plain)  ${wall.toFixed(0).padStart(5)} µs wall/req`,
      );
    }
  }
  console.log("target: borrowed ≤ 1.20× plain (borrowed-fetch and plain-http for reference: the browser's transport, and the Node transport's own floor)");
}
