import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { BorrowError, ManifestError, createLayer, serveLayer, type NotExposableMessage, type PrivateExposedWithoutAuthorizeMessage } from "../../src/index.js";
import { serveNode, type NodeServer } from "../../src/node/index.js";
import { transports } from "./transports.js";
import { app } from "./app.js";
import { noRouteInThisTest } from "../helpers/no-route.js";

const TOKEN = "Bearer edge-secret";

for (const [transport, remoteLayer] of transports)
  describe(`serveLayer over loopback HTTP, reads by ${transport}`, () => {
    const edge = createLayer(app, "edge", {
      sources: { product_cache: { load: async (key) => (key === "products:loaded" ? { loaded: true } : undefined) } },
    });
    let server: NodeServer;
    let url: string;
    before(async () => {
      server = await serveNode(
        serveLayer(edge, {
          expose: ["product_cache", "video_cache", "profile"],
          authorize: (request) => request.headers.get("Authorization") === TOKEN,
        }),
      );
      url = server.url;
      await edge.own("product_cache").set("products:1", { name: "lamp", at: new Date(7), tags: new Set(["a"]), price: 12n, bytes: new Uint8Array([1, 2]) });
      await edge.own("secret_cache").set("secret:1", "do not tell");
    });
    after(() => server.close());

    const get = (path: string, init: RequestInit = {}) =>
      fetch(new URL(path, url), { ...init, headers: { Authorization: TOKEN, ...(init.headers as object) } });

    it("a borrowed read over HTTP returns the value with its types, X-Cache, Cache-Status, ETag and Age", async () => {
      const response = await get("c/product_cache?key=products%3A1");
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("X-Cache"), "hit");
      assert.equal(response.headers.get("Cache-Status"), "borrowcache; hit");
      assert.match(response.headers.get("ETag") ?? "", /^"[^"]+"$/);
      assert.match(response.headers.get("Age") ?? "", /^\d+$/);
      // No ttl: kept until invalidated, so an HTTP cache may keep it only to revalidate (http-caching.test.ts).
      assert.equal(response.headers.get("Cache-Control"), "no-cache");
      assert.match(response.headers.get("Content-Type") ?? "", /application\/json/);
      const client = createLayer(app, "client", { remotes: { edge: remoteLayer(url, { layer: "edge", headers: { Authorization: TOKEN } }) } });
      const value = await client.borrow("products:*").get("products:1");
      assert.deepEqual(value, { name: "lamp", at: new Date(7), tags: new Set(["a"]), price: 12n, bytes: new Uint8Array([1, 2]) });
    });

    it("a miss loads at the owner once, and a key nobody has is a miss, not an error", async () => {
      const remote = remoteLayer(url, { layer: "edge", headers: { Authorization: TOKEN } });
      const loaded = await remote.read("product_cache", "products:loaded");
      assert.deepEqual(loaded.value, { loaded: true });
      assert.equal(loaded.layer, "edge");
      const missing = await remote.read("product_cache", "products:none");
      assert.equal(missing.hit, false);
      assert.equal(missing.value, undefined);
    });

    it("answers the same 404 for a missing key, an unexposed cache and an unknown route", async () => {
      const bodies = await Promise.all(
        [get("c/product_cache?key=products%3Anone"), get("c/secret_cache?key=secret%3A1"), get("c/nothing?key=x"), get("elsewhere")].map(async (p) => {
          const r = await p;
          return [r.status, await r.text()] as const;
        }),
      );
      for (const [status, body] of bodies) {
        assert.equal(status, 404);
        assert.equal(body, '{"error":"not found"}');
      }
    });

    it("runs authorize before every read: no or a wrong token is 403 and reveals nothing", async () => {
      const none = await fetch(new URL("c/product_cache?key=products%3A1", url));
      const wrong = await fetch(new URL("c/product_cache?key=products%3Anone", url), { headers: { Authorization: "Bearer guess" } });
      assert.equal(none.status, 403);
      assert.equal(wrong.status, 403);
      assert.equal(await none.text(), await wrong.text());
      const remote = remoteLayer(url, { layer: "edge" });
      await assert.rejects(
        remote.read("product_cache", "products:1"),
        (error: unknown) =>
          error instanceof BorrowError &&
          error.rule === "route-to-owner" &&
          /refused to read 'products:1' of cache 'product_cache' \(HTTP 403\)/.test(error.message),
      );
    });

    it("refuses a key outside the cache's patterns with 400 naming the rule, and the borrower rethrows it", async () => {
      const response = await get(`c/product_cache?key=${encodeURIComponent("orders:1")}`);
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), {
        error: "✗ key 'orders:1' is not in cache 'product_cache' — use a key matching 'products:*'",
        rule: "key-in-patterns",
      });
      const remote = remoteLayer(url, { layer: "edge", headers: { Authorization: TOKEN } });
      await assert.rejects(remote.read("product_cache", "orders:1"), (error: unknown) => error instanceof BorrowError && error.rule === "key-in-patterns");
    });

    it("answers a wrong method with 405 and Allow", async () => {
      const post = await get("c/product_cache?key=products%3A1", { method: "POST" });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get("Allow"), "GET, HEAD");
      const getInvalidate = await get("invalidate");
      assert.equal(getInvalidate.status, 405);
    });

    it("invalidates through POST /invalidate, only JSON, only exposed caches, only with authorize", async () => {
      await edge.own("product_cache").set("products:2", "two");
      const remote = remoteLayer(url, { layer: "edge", headers: { Authorization: TOKEN } });
      await remote.invalidate("product_cache", "products:2", false);
      assert.equal(await edge.own("product_cache").get("products:2"), undefined);
      await assert.rejects(remoteLayer(url, { layer: "edge" }).invalidate("product_cache", "products:1", false), /HTTP 403/);
      await assert.rejects(remote.invalidate("secret_cache", "secret:1", false), /HTTP 404/);
      assert.equal(await edge.own("secret_cache").get("secret:1"), "do not tell");
      const form = await get("invalidate", { method: "POST", body: "cache=product_cache", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      assert.equal(form.status, 415);
      const bad = await get("invalidate", { method: "POST", body: "{nope", headers: { "Content-Type": "application/json" } });
      assert.equal(bad.status, 400);
      const big = await get("invalidate", {
        method: "POST",
        body: JSON.stringify({ cache: "product_cache", target: "products:" + "x".repeat(20_000), isPattern: false }),
        headers: { "Content-Type": "application/json" },
      });
      assert.equal(big.status, 413);
      assert.equal((await edge.own("product_cache").get("products:1")) !== undefined, true);
    });

    it("invalidates the keys of the cache a pattern reaches, and refuses a pattern that reaches none", async () => {
      await edge.own("product_cache").set("products:a:1", 1);
      await edge.own("product_cache").set("products:b:1", 2);
      const remote = remoteLayer(url, { layer: "edge", headers: { Authorization: TOKEN } });
      await remote.invalidate("product_cache", "products:a:*", true);
      assert.equal(await edge.own("product_cache").get("products:a:1"), undefined);
      assert.equal(await edge.own("product_cache").get("products:b:1"), 2);
      // '*' reaches every key of this cache — and only this cache's: the same meaning as in-process.
      await remote.invalidate("product_cache", "*", true);
      assert.equal(await edge.own("product_cache").get("products:b:1"), undefined);
      await assert.rejects(remote.invalidate("product_cache", "users:*", true), (e: unknown) => e instanceof BorrowError && e.rule === "key-in-patterns");
    });

    it("streams a value chunk by chunk with its boundaries", async () => {
      await edge.own("video_cache").putStream("video:1", [new Uint8Array([1, 2, 3, 4]), new Uint8Array([5, 6, 7, 8]), new Uint8Array([9])]);
      const remote = remoteLayer(url, { layer: "edge", headers: { Authorization: TOKEN } });
      const chunks: number[][] = [];
      for await (const chunk of remote.stream("video_cache", "video:1")) chunks.push([...chunk]);
      assert.deepEqual(chunks, [[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    });
  });

describe("serveLayer refuses to start unsafe", () => {
  it("throws when a private cache is exposed without authorize, with the shared message", () => {
    const server = createLayer(app, "server", { remotes: { edge: noRouteInThisTest } });
    const message =
      "✗ cannot expose private cache 'carts' of layer 'server' without authorize — pass authorize to serveLayer" satisfies PrivateExposedWithoutAuthorizeMessage<
        "carts",
        "server"
      >;
    // As JavaScript would call it: tsc refuses a private cache without authorize with this same text.
    assert.throws(
      () => serveLayer(server, { expose: ["carts"] } as never),
      (error: unknown) => error instanceof ManifestError && error.rule === "private-never-shared" && error.message === message,
    );
    assert.doesNotThrow(() => serveLayer(server, { expose: ["carts"], authorize: () => true }));
  });

  it("throws when expose names a cache the layer does not own", () => {
    const edge = createLayer(app, "edge");
    const message = "✗ cannot expose cache 'carts' (server) from layer 'edge' — expose only caches layer 'edge' owns" satisfies NotExposableMessage<
      "carts",
      "server",
      "edge"
    >;
    // As JavaScript would call it: tsc refuses both with the same texts.
    assert.throws(
      () => serveLayer(edge, { expose: ["carts"] } as never),
      (error: unknown) => error instanceof BorrowError && error.message === message,
    );
    assert.throws(() => serveLayer(edge, { expose: ["nope"] } as never), /cannot expose cache 'nope' \(not a cache\)/);
  });
});

describe("serveLayer bounds its event feeds", () => {
  it("answers 429 past maxSubscribers, and frees a slot when a feed closes", async () => {
    const edge = createLayer(app, "edge");
    const handler = serveLayer(edge, { expose: ["product_cache"], maxSubscribers: 2 });
    const open = async () => handler(new Request("http://127.0.0.1/events"));
    const first = await open();
    const second = await open();
    assert.deepEqual([first.status, second.status], [200, 200]);
    const third = await open();
    assert.equal(third.status, 429);
    assert.equal(third.headers.get("Retry-After"), "5");
    await first.body?.cancel();
    const fourth = await open();
    assert.equal(fourth.status, 200);
    await second.body?.cancel();
    await fourth.body?.cancel();
  });
});
