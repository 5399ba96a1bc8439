/**
 * A borrowed read in a real browser — where `remoteLayer` runs over the browser's own `fetch` — against a
 * plain `fetch` of the same 949 bytes from a bare `node:http` server, both cross-origin from the tab
 * (CORS, no preflight), both servers in this process. Wall time per request on the tab's clock, median
 * of alternating rounds. The Node borrower has its own figures in borrowed-read.ts.
 * Run: node --import tsx bench/http/browser-read.ts [requests=1000] [rounds=7]
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { serveLayer } from "../../src/runtime/http/serve-layer.js";
import { serialize } from "../../src/runtime/serialize/index.js";
import { serveNode } from "../../src/node/serve-node.js";
import { bundlePage, launchChromium, servePage } from "../../test/helpers/chromium.js";
import { product } from "./product.js";

const requests = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 7);
const app = { layers: ["client", "edge", "server"], caches: { product_cache: { primary: "edge", owns: ["products:*"] } } } as const;

const page = await servePage(await bundlePage(new URL("./browser-read.page.ts", import.meta.url)));
const origin = page.url.replace(/\/$/, "");
const edge = createLayerRuntime(app, "edge");
await edge.own("product_cache").set("products:42", product);
const served = await serveNode(serveLayer(edge, { expose: ["product_cache"], cors: { origins: [origin] } }));
const bytes = serialize(product);
const bare = createServer((_req, res) => {
  res
    .writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(bytes), "Access-Control-Allow-Origin": origin })
    .end(bytes);
});
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/c/product_cache?key=products%3A42`;

const browser = await launchChromium();
try {
  await browser.page.goto(`${page.url}?edge=${encodeURIComponent(served.url)}&bare=${encodeURIComponent(bareUrl)}`);
  await browser.page.waitForFunction(() => window.ready === true, null, { timeout: 10_000 });
  const result = await browser.page.evaluate(([n, r]) => window.measure(n, r), [requests, rounds] as const);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const plain = median(result.plain);
  const borrowed = median(result.borrowed);
  console.log(
    `in Chromium: borrowed read vs plain fetch of the same ${bytes.length} bytes, ${requests} requests × ${rounds} alternating rounds, median wall time per request`,
  );
  console.log(`  plain fetch      ${plain.toFixed(0).padStart(5)} µs (1.00×)`);
  console.log(`  borrowed read    ${borrowed.toFixed(0).padStart(5)} µs (${(borrowed / plain).toFixed(2)}×)   target ≤ 1.20×`);
} finally {
  await browser.close();
  await served.close();
  await page.close();
  bare.close();
  await edge.close();
}
