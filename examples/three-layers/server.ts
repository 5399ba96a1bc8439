/**
 * One small shop across three layers: a browser tab (client), an edge and a server.
 *
 * - the server layer owns 'data:*' (the source of truth);
 * - the edge layer owns 'products:*', loading each from the server's data, and serves them over HTTP
 *   with `serveLayer` under /edge/ (deny by default: only product_cache is exposed);
 * - the tab's client layer owns 'user:*' in IndexedDB and borrows 'products:*' from the edge with
 *   `remoteLayer`, following the edge's event feed.
 *
 * POST /api/raise-price writes 'data:1' at the server; the manifest says that invalidates 'products:1',
 * so the edge drops it and tells the tab, which drops its copy and reads the new price.
 *
 * /react is the same tab written with React (react-client.ts): open it in two tabs and count a visit in
 * one; the other re-renders (broadcastBus), and a raised price re-renders both (the edge's event feed).
 *
 * Run:   node --import tsx examples/three-layers/server.ts            then open http://127.0.0.1:8787/ (and /react)
 *        node --import tsx examples/three-layers/server.ts --check    headless Chromium does the clicking
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { serveLayer } from "../../src/runtime/http/serve-layer.js";
import { serveNode } from "../../src/node/index.js";
import { launchChromium } from "../../test/helpers/chromium.js";
import { app, type Product } from "./app.js";
import { checkReactTabs } from "./react-check.js";

const check = process.argv.includes("--check");

// The edge reaches the server in this process (`remotes: { server }` takes the layer's route); in
// production the edge runs on an edge runtime and reaches the server with remoteLayer(url) — see
// test/edge/worker/entry.ts. The server's writes cascade to the edge, created after it: a lazy route.
// eslint-disable-next-line prefer-const -- assigned once, after the server, which reads it lazily
let edge: ReturnType<typeof createLayerRuntime> | undefined;
const server = createLayerRuntime(app, "server", { remotes: { edge: () => edge } });
edge = createLayerRuntime(app, "edge", {
  remotes: { server },
  sources: { product_cache: { load: (key) => edge!.borrow("data_cache").get(key.replace(/^products:/, "data:")) } },
});
await server.own("data_cache").set("data:1", { name: "Desk lamp", price: 3999n, updatedAt: new Date() } satisfies Product);

const edgeHandler = serveLayer(edge, { expose: ["product_cache"], basePath: "/edge" });
/** A page's script, bundled for the browser in memory. */
async function bundlePage(entry: string, define?: Record<string, string>): Promise<string> {
  const built = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    ...(define ? { define } : {}),
  });
  return built.outputFiles[0]!.text;
}
const script = await bundlePage("./client.ts");
const reactScript = await bundlePage("./react-client.ts", { "process.env.NODE_ENV": '"production"' });
const reactHtml = `<!doctype html><meta charset="utf-8"><title>borrowcache: three layers, React</title>
<h1>borrowcache: three layers, with React</h1>
<div id="root"></div>
<script type="module" src="/react.js"></script>`;
const html = `<!doctype html><meta charset="utf-8"><title>borrowcache: three layers</title>
<h1>borrowcache: three layers</h1>
<p id="user"></p><pre id="products"></pre>
<button id="raise">Raise the price on the server</button>
<ol id="log" reversed></ol>
<script type="module" src="/app.js"></script>`;

const http = await serveNode(
  async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/") return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    if (pathname === "/app.js") return new Response(script, { headers: { "Content-Type": "text/javascript; charset=utf-8" } });
    if (pathname === "/react") return new Response(reactHtml, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    if (pathname === "/react.js") return new Response(reactScript, { headers: { "Content-Type": "text/javascript; charset=utf-8" } });
    if (pathname.startsWith("/edge/")) return edgeHandler(request);
    if (pathname === "/api/raise-price" && request.method === "POST") {
      const data = server.own("data_cache");
      const current = (await data.get("data:1")) as Product;
      await data.set("data:1", { ...current, price: current.price + 100n, updatedAt: new Date() });
      return new Response(null, { status: 204 });
    }
    return new Response("not found", { status: 404 });
  },
  { port: check ? 0 : Number(process.env.PORT ?? 8787) },
);

console.log(`three layers: open ${http.url} (edge layer served under ${http.url}edge/)`);

if (check) {
  const browser = await launchChromium();
  try {
    const { page } = browser;
    await page.goto(http.url);
    await page.waitForFunction(() => (window as unknown as { exampleReady?: boolean }).exampleReady === true, null, { timeout: 10_000 });
    const before = await page.textContent("#products");
    const clicked = Date.now();
    await page.click("#raise");
    await page.waitForFunction(
      (old) => document.querySelector("#products")?.textContent !== old && document.querySelector("#products")?.textContent !== "",
      before,
      { timeout: 5000 },
    );
    const tookMs = Date.now() - clicked;
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { exampleReady?: boolean }).exampleReady === true, null, { timeout: 10_000 });
    console.log(`before:  ${before}`);
    console.log(`after:   ${await page.textContent("#products")}   (${tookMs} ms from click to the tab showing the new price)`);
    console.log(`user:    ${await page.textContent("#user")}`);
    console.log(`tab log: ${(await page.$$eval("#log li", (items) => items.map((i) => i.textContent))).join(" | ")}`);
    await checkReactTabs(browser.context, http.url, () => fetch(`${http.url}api/raise-price`, { method: "POST" }));
  } finally {
    await browser.close();
    await http.close();
  }
}
