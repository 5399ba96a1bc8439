import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { serveLayer } from "../../src/runtime/http/serve-layer.js";
import { remoteLayer } from "../../src/runtime/http/remote-layer.js";
import type { LayerRoute } from "../../src/runtime/contracts/route.js";
import { serveNode, type NodeServer } from "../../src/node/serve-node.js";
import { startWorker, type Worker } from "../helpers/miniflare.js";
import { bundlePage, launchChromium, servePage, type Browser } from "../helpers/chromium.js";
import { app } from "../http/app.js";

// One app across three layers in a real browser: the server layer (Node) owns 'data:*', the edge layer
// (workerd) owns 'products:*' and loads them from the server, the client layer (Chromium) owns 'user:*'
// and the offline_first 'settings:*' in IndexedDB and borrows products from the edge.

const ORIGIN_TOKEN = "Bearer origin-token";
const EDGE_TOKEN = "Bearer edge-token";
const PAGE_TOKEN = "Bearer page-token";

// Playwright carries Dates and BigInts out of the page but not Sets, so the page describes the types it holds.
const ADA = { name: "Ada", since: "Date 2020-01-01T00:00:00.000Z", tags: "Set admin" };
declare function describeUser(user: unknown): typeof ADA;

describe("one app across client (Chromium), edge (workerd) and server (Node)", () => {
  // The edge's URL is known once its worker listens: the route is given lazily, as a function.
  const remotes: Record<string, LayerRoute> = {};
  const server = createLayerRuntime(app, "server", { remotes: { edge: () => remotes.edge } });
  let page: NodeServer;
  let origin: NodeServer;
  let worker: Worker;
  let browser: Browser;
  let pageUrl: string;

  before(async () => {
    page = await servePage(await bundlePage(new URL("./pages/three-layers.page.ts", import.meta.url)));
    const pageOrigin = page.url.replace(/\/$/, "");
    origin = await serveNode(
      serveLayer(server, {
        expose: ["data_cache"],
        cors: { origins: [pageOrigin] },
        authorize: (request, access) => {
          const auth = request.headers.get("Authorization");
          return auth === ORIGIN_TOKEN || (auth === PAGE_TOKEN && access.action === "read" && access.key.startsWith("data:settings:"));
        },
      }),
    );
    worker = await startWorker(new URL("../edge/worker/entry.ts", import.meta.url), { ORIGIN: origin.url, ORIGIN_TOKEN, EDGE_TOKEN, ALLOW_ORIGIN: pageOrigin });
    remotes.edge = remoteLayer(worker.url, { layer: "edge", headers: { Authorization: EDGE_TOKEN } });
    pageUrl = `${page.url}?edge=${encodeURIComponent(worker.url)}&origin=${encodeURIComponent(origin.url)}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await worker?.close();
    await origin?.close();
    await page?.close();
  });

  const ready = async () => {
    await browser.page.waitForFunction(() => window.__app?.ready === true || window.__error !== undefined, null, { timeout: 10_000 });
    const error = await browser.page.evaluate(() => window.__error);
    assert.equal(error, undefined);
  };

  it("the client owns 'user:*' in IndexedDB and borrows 'products:*' from the edge over HTTP", async () => {
    await server.own("data_cache").set("data:1", { name: "lamp", price: 30n });
    await browser.page.goto(pageUrl);
    await ready();
    const first = await browser.page.evaluate(() => ({ restored: window.__app!.restoredUser, user: describeUser(window.__app!.user) }));
    assert.equal(first.restored, undefined, "a fresh profile starts empty");
    assert.deepEqual(first.user, ADA);
    const product = await browser.page.evaluate(() => window.__app!.readProduct("products:1"));
    assert.deepEqual(product, { name: "lamp", price: 30n });
  });

  it("a server-side write makes the tab drop its copy within a second, through the edge's event feed", async () => {
    const startedAt = Date.now();
    await server.own("data_cache").set("data:1", { name: "lamp", price: 25n });
    await browser.page.waitForFunction(() => window.__app!.drops.some((d) => d.target === "products:1"), null, { timeout: 1000 });
    const { drop, shown } = await browser.page.evaluate(() => ({
      drop: window.__app!.drops.find((d) => d.target === "products:1")!,
      shown: { ...window.__app!.shown },
    }));
    const latency = drop.at - startedAt;
    console.log(`# server write → edge (workerd) → tab drop: ${latency} ms`);
    assert.ok(latency < 1000, `dropped after ${latency} ms`);
    assert.equal("products:1" in shown, false, "the tab's copy is gone");
    const reread = await browser.page.evaluate(() => window.__app!.readProduct("products:1"));
    assert.deepEqual(reread, { name: "lamp", price: 25n });
  });

  it("a reload keeps the client's owned data", async () => {
    await browser.page.reload();
    await ready();
    const restored = await browser.page.evaluate(() => describeUser(window.__app!.restoredUser));
    assert.deepEqual(restored, ADA);
  });

  it("offline_first: with the origin stopped, the client answers its settings from IndexedDB, also after a reload", async () => {
    await server.own("data_cache").set("data:settings:theme", "dark");
    const online = await browser.page.evaluate(() => window.__app!.readSetting("settings:theme"));
    assert.deepEqual(online, { value: "dark" });
    await origin.close();
    const offline = await browser.page.evaluate(() => window.__app!.readSetting("settings:theme"));
    assert.deepEqual(offline, { value: "dark" });
    const neverLoaded = await browser.page.evaluate(() => window.__app!.readSetting("settings:lang"));
    assert.match(neverLoaded.error ?? "", /cannot reach layer 'server'/);
    await browser.page.reload();
    await ready();
    const afterReload = await browser.page.evaluate(() => window.__app!.readSetting("settings:theme"));
    assert.deepEqual(afterReload, { value: "dark" });
  });
});
