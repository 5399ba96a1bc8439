// A served layer mounted in the frameworks people already run, on loopback: Hono (a Web handler, served
// here by serveNode) and Express 5 (toNodeMiddleware). Through each mount: a read, a 304 revalidation,
// an invalidation, a stream and the event feed, a CORS preflight; and what is not the layer's goes on to
// the framework's own routes. Plus serveLayer's basePath on its own: every route under the prefix.
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import express from "express";
import { Hono } from "hono";
import { createLayer, serveLayer, type RouteInvalidation } from "../../src/index.js";
import { remoteLayer, serveNode, toNodeMiddleware } from "../../src/node/index.js";
import { app as manifest, eventually } from "./app.js";

const TOKEN = "Bearer mount-token";
const ORIGIN = "http://127.0.0.1:5173";

const closers: (() => unknown)[] = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

/** An edge layer with a product and a streamed video, and a handler for it under `basePath`. */
async function servedEdge(basePath: string) {
  const edge = createLayer(manifest, "edge");
  await edge.own("product_cache").set("products:1", { name: "lamp" });
  await edge.own("product_cache").set("products:2", { name: "desk" });
  await edge.own("video_cache").putStream("video:1", [new Uint8Array([1, 2, 3, 4]), new Uint8Array([5])]);
  const handler = serveLayer(edge, {
    expose: ["product_cache", "video_cache"],
    basePath,
    heartbeatMs: 50,
    authorize: (request) => request.headers.get("Authorization") === TOKEN,
    cors: { origins: [ORIGIN] },
  });
  return { edge, handler };
}

async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.once("listening", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The layer's whole surface through a mount whose routes live at `base` (ending in `/`). */
async function exercise(base: string, edge: Awaited<ReturnType<typeof servedEdge>>["edge"]): Promise<void> {
  const remote = remoteLayer(base, { layer: "edge", headers: { Authorization: TOKEN } });
  closers.push(() => remote.close());

  // A read.
  assert.deepEqual((await remote.read("product_cache", "products:1")).value, { name: "lamp" });

  // A 304 revalidation, as a browser or CDN holding the value makes it.
  const first = await fetch(`${base}c/product_cache?key=products%3A1`, { headers: { Authorization: TOKEN } });
  assert.equal(first.status, 200);
  await first.text();
  const tag = first.headers.get("ETag");
  assert.ok(tag);
  const revalidated = await fetch(`${base}c/product_cache?key=products%3A1`, { headers: { Authorization: TOKEN, "If-None-Match": tag } });
  assert.equal(revalidated.status, 304);
  assert.equal(revalidated.headers.get("ETag"), tag);
  assert.equal(await revalidated.text(), "");

  // A stream, chunk boundaries kept.
  const chunks: number[][] = [];
  for await (const chunk of remote.stream("video_cache", "video:1")) chunks.push([...chunk]);
  assert.deepEqual(chunks, [[1, 2, 3, 4], [5]]);

  // The event feed hears an invalidation made through the mount, and the owner dropped the key.
  const heard: RouteInvalidation[] = [];
  remote.onInvalidate((invalidation) => heard.push(invalidation));
  await remote.subscribed();
  await remote.invalidate("product_cache", "products:2", false);
  assert.equal(await edge.own("product_cache").get("products:2"), undefined);
  await eventually(() => heard.some((h) => h.cache === "product_cache" && h.target === "products:2"));

  // A CORS preflight under the prefix.
  const preflight = await fetch(`${base}invalidate`, {
    method: "OPTIONS",
    headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("Access-Control-Allow-Origin"), ORIGIN);
}

describe("mounted in Hono (a Web handler, served by serveNode)", () => {
  it("app.all('/cache/*', (c) => handler(c.req.raw)) with basePath '/cache': read, 304, stream, invalidation, events, preflight", async () => {
    const { edge, handler } = await servedEdge("/cache");
    const app = new Hono();
    app.get("/", (c) => c.text("home"));
    app.all("/cache/*", (c) => handler(c.req.raw));
    const server = await serveNode(app.fetch);
    closers.push(() => server.close());
    await exercise(`${server.url}cache/`, edge);
    assert.equal(await (await fetch(server.url)).text(), "home", "the app's own routes still answer");
    const outside = await fetch(`${server.url}c/product_cache?key=products%3A1`, { headers: { Authorization: TOKEN } });
    assert.equal(outside.status, 404, "outside the prefix: the app's 404, not a value");
    assert.doesNotMatch(await outside.text(), /lamp/);
  });

  it("app.mount('/m', handler) with basePath '/' (Hono strips the prefix)", async () => {
    const { edge, handler } = await servedEdge("/");
    const app = new Hono();
    app.mount("/m", handler);
    const server = await serveNode(app.fetch);
    closers.push(() => server.close());
    await exercise(`${server.url}m/`, edge);
  });
});

describe("mounted in Express 5 (toNodeMiddleware)", () => {
  it("app.use(toNodeMiddleware(handler)) with basePath '/cache', behind express.json(): read, 304, stream, invalidation, events, preflight", async () => {
    const { edge, handler } = await servedEdge("/cache");
    const app = express();
    // A body parser before the mount reads the invalidation's body first: the middleware sends req.body on.
    app.use(express.json());
    app.use(toNodeMiddleware(handler));
    app.get("/health", (_req, res) => void res.send("ok"));
    const base = await listen(app.listen(0, "127.0.0.1"));
    await exercise(`${base}/cache/`, edge);
    assert.equal(await (await fetch(`${base}/health`)).text(), "ok", "next() for the app's own routes");
    for (const path of [
      "/cache/elsewhere",
      "/cachex/c/product_cache?key=products%3A1",
      "/c/product_cache?key=products%3A1",
      "/cache/..%2fc/product_cache?key=products%3A1",
    ]) {
      const response = await fetch(`${base}${path}`, { headers: { Authorization: TOKEN } });
      assert.equal(response.status, 404, path);
      assert.match(await response.text(), /Cannot GET/, `${path}: Express's own 404, through next()`);
    }
  });

  it("app.use('/under', toNodeMiddleware(handler)) with basePath '/under': the whole path, from req.originalUrl", async () => {
    const { edge, handler } = await servedEdge("/under");
    const app = express();
    app.use("/under", toNodeMiddleware(handler));
    const base = await listen(app.listen(0, "127.0.0.1"));
    await exercise(`${base}/under/`, edge);
  });

  it("a handler failure before anything was sent goes to Express's error handler", async () => {
    const failing = Object.assign(async () => new Response("never"), {
      handles: () => true,
      [Symbol.for("borrowcache.plainHandler")]: async () => {
        throw new Error("adapter fault");
      },
    });
    const app = express();
    app.use(toNodeMiddleware(failing));
    let handled: unknown;
    app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      handled = error;
      res.status(500).send("handled");
    });
    const base = await listen(app.listen(0, "127.0.0.1"));
    const response = await fetch(`${base}/anything`);
    assert.equal(await response.text(), "handled");
    assert.match(String(handled), /adapter fault/);
  });
});

describe("serveLayer's basePath", () => {
  it("serves every route under the prefix, and nothing outside it", async () => {
    const { edge, handler } = await servedEdge("/api/cache/");
    const server = await serveNode(handler);
    closers.push(() => server.close());
    await exercise(`${server.url}api/cache/`, edge);
    for (const path of [
      "c/product_cache?key=products%3A1",
      "events",
      "invalidate",
      "api/c/product_cache?key=products%3A1",
      "api/cachex/c/product_cache?key=products%3A1",
      "api/cache/../../c/product_cache?key=products%3A1",
    ]) {
      const response = await fetch(`${server.url}${path}`, { headers: { Authorization: TOKEN } });
      assert.equal(response.status, 404, path);
      assert.equal(await response.text(), '{"error":"not found"}');
    }
  });

  it("handles(path) says which paths are the handler's: its routes under the prefix, dot segments resolved", async () => {
    const { handler } = await servedEdge("/cache");
    assert.equal(handler.basePath, "/cache");
    for (const path of ["/cache/c/product_cache", "/cache/events", "/cache/invalidate", "/x/../cache/c/product_cache", "/cache/c/%2e%2e%2fc"])
      assert.equal(handler.handles(path), true, path);
    for (const path of [
      "/cache",
      "/cache/",
      "/cache/elsewhere",
      "/cachex/c/product_cache",
      "/c/product_cache",
      "/cache/../c/product_cache",
      "/cache/%2e%2e/c/product_cache",
      "/cache/c/../../c/x",
      "*",
    ]) {
      assert.equal(handler.handles(path), false, path);
    }
    const root = serveLayer(createLayer(manifest, "edge"), { expose: ["product_cache"] });
    assert.equal(root.basePath, "");
    assert.equal(root.handles("/c/product_cache"), true);
    assert.equal(root.handles("/health"), false, "at the root, only the protocol's routes: the rest of an app stays the app's");
  });

  it("refuses a prefix that is not a plain URL path", () => {
    for (const basePath of ["/a b", "/a?b", "/a#b", "/a/../b"]) {
      assert.throws(
        () => serveLayer(createLayer(manifest, "edge"), { expose: ["product_cache"], basePath }),
        /✗ basePath .* is not a plain URL path/,
        basePath,
      );
    }
    assert.equal(serveLayer(createLayer(manifest, "edge"), { expose: ["product_cache"], basePath: "cache" }).basePath, "/cache");
  });
});
