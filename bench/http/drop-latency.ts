/**
 * From a server write to a browser tab dropping its copy: the server layer writes 'data:N'; the manifest
 * cascades that to 'products:N', which the server POSTs to the edge layer's `/invalidate`; the edge
 * pushes it on `/events` to a Chromium tab following it with `remoteLayer`. Times are wall-clock in both
 * processes (Node and the tab), p50/p99/max over sequential writes.
 * Run: node --import tsx bench/http/drop-latency.ts [writes]
 */
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { serveLayer } from "../../src/runtime/http/serve-layer.js";
import { remoteLayer } from "../../src/runtime/http/remote-layer.js";
import type { LayerRoute } from "../../src/runtime/contracts/route.js";
import { bundlePage, launchChromium, servePage } from "../../test/helpers/chromium.js";

const writes = Number(process.argv[2] ?? 100);
const app = {
  layers: ["client", "edge", "server"],
  caches: {
    product_cache: { primary: "edge", owns: ["products:*"] },
    data_cache: { primary: "server", owns: ["data:*"], invalidates: ["products:*"] },
  },
} as const;

const remotes: Record<string, LayerRoute> = {};
const server = createLayerRuntime(app, "server", { remotes: { edge: () => remotes.edge } });
const edge = createLayerRuntime(app, "edge");
const page = await servePage(await bundlePage(new URL("./drop-latency.page.ts", import.meta.url)), serveLayer(edge, { expose: ["product_cache"] }));
remotes.edge = remoteLayer(page.url, { layer: "edge" });
const browser = await launchChromium();
const now = () => performance.timeOrigin + performance.now();
try {
  await browser.page.goto(page.url);
  await browser.page.waitForFunction(() => window.ready === true, null, { timeout: 10_000 });
  const latencies: number[] = [];
  for (let i = 0; i < writes; i++) {
    const start = now();
    await server.own("data_cache").set(`data:${i}`, i);
    const key = `products:${i}`;
    await browser.page.waitForFunction((k) => window.heard[k] !== undefined, key, { timeout: 2000, polling: 2 });
    latencies.push((await browser.page.evaluate((k) => window.heard[k]!, key)) - start);
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  console.log(`server write → edge /invalidate → edge /events → Chromium tab drop, ${writes} sequential writes:`);
  console.log(`  p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms`);
} finally {
  await browser.close();
  await page.close();
}
