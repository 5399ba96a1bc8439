// HTTP caching as a CDN and a browser read it (RFC 9111, RFC 9211): each read carries a strong ETag
// (stable for the same stored value, whoever serves it), Cache-Control derived from the manifest,
// Cache-Status beside X-Cache, Vary for whatever authorize reads; If-None-Match gets a 304 with the same
// validators and no body. docs/http.md says why each directive.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { createLayer, defineManifest, manualClock, remoteLayer as fetchRemoteLayer, serveLayer } from "../../src/index.js";
import { remoteLayer as nodeRemoteLayer, serveNode } from "../../src/node/index.js";

const MINUTE = 60_000;

const app = defineManifest({
  layers: ["client", "server"],
  caches: {
    forever: { primary: "server", owns: ["forever:*"] },
    timed: { primary: "server", owns: ["timed:*"], ttl: "1m" },
    graced: { primary: "server", owns: ["graced:*"], ttl: "1m", grace: "10m" },
    revalidated: { primary: "server", owns: ["swr:*"], ttl: "1m", grace: "10m", timeout: "50ms" },
    mine: { primary: "server", owns: ["mine:*"], private: true, ttl: "1m" },
    live: { primary: "server", owns: ["live:*"], strategy: "real_time" },
    loaded: { primary: "server", owns: ["loaded:*"], ttl: "1m" },
  },
});
const EXPOSE = ["forever", "timed", "graced", "revalidated", "mine", "live", "loaded"] as const;

const closers: (() => unknown)[] = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

/** A server layer on a manual clock, its handler, and a read of one key through it. */
function served(options: { vary?: string[]; failLoads?: () => boolean } = {}) {
  const clock = manualClock(1_000_000);
  const layer = createLayer(app, "server", {
    clock,
    sources: {
      loaded: { load: async (key) => `loaded ${key}` },
      graced: {
        load: async (key) => {
          if (options.failLoads?.()) throw new Error("source down");
          return `fresh ${key}`;
        },
      },
    },
  });
  const handler = serveLayer(layer, {
    expose: [...EXPOSE],
    authorize: () => true,
    ...(options.vary ? { vary: options.vary } : {}),
  });
  const read = (cache: string, key: string, headers: Record<string, string> = {}) =>
    handler(new Request(`http://127.0.0.1/c/${cache}?key=${encodeURIComponent(key)}`, { headers }));
  return { clock, layer, handler, read };
}

describe("Cache-Control, Cache-Status and Age from the manifest", () => {
  it("a value kept until invalidated: no-cache (reuse only after revalidation), a strong ETag, Cache-Status hit", async () => {
    const { layer, read, clock } = served();
    await layer.own("forever").set("forever:1", { name: "lamp" });
    clock.advance(5_000);
    const response = await read("forever", "forever:1");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Cache-Control"), "no-cache");
    assert.equal(response.headers.get("Cache-Status"), "borrowcache; hit");
    assert.equal(response.headers.get("X-Cache"), "hit");
    assert.equal(response.headers.get("Age"), "5");
    assert.match(response.headers.get("ETag") ?? "", /^"[0-9a-z]+-[0-9a-f]{16}"$/, "strong: no W/ prefix");
    assert.equal(response.headers.get("Vary"), "Authorization", "authorize is given: the answer depends on the requester");
    assert.deepEqual(await response.json(), { name: "lamp" });
  });

  it("a ttl: max-age − Age is the remaining freshness, and Cache-Status ttl says the same", async () => {
    const { layer, read, clock } = served();
    await layer.own("timed").set("timed:1", "v");
    assert.equal((await read("timed", "timed:1")).headers.get("Cache-Control"), "max-age=60");
    clock.advance(18_000);
    const response = await read("timed", "timed:1");
    assert.equal(response.headers.get("Age"), "18");
    assert.equal(response.headers.get("Cache-Control"), "max-age=60");
    assert.equal(response.headers.get("Cache-Status"), "borrowcache; hit; ttl=42");
    // Between whole seconds both are rounded so that a downstream cache never keeps it longer than the owner.
    clock.advance(500);
    const half = await read("timed", "timed:1");
    const maxAge = Number(/max-age=(\d+)/.exec(half.headers.get("Cache-Control") ?? "")?.[1]);
    assert.ok(maxAge - Number(half.headers.get("Age")) <= 41.5, `${maxAge} − ${half.headers.get("Age")} exceeds the 41.5 s left`);
  });

  it("grace: stale-if-error, plus stale-while-revalidate where a soft timeout serves the graced value while reloading", async () => {
    const { layer, read } = served();
    await layer.own("graced").set("graced:1", "v");
    await layer.own("revalidated").set("swr:1", "v");
    assert.equal((await read("graced", "graced:1")).headers.get("Cache-Control"), "max-age=60, stale-if-error=600");
    assert.equal((await read("revalidated", "swr:1")).headers.get("Cache-Control"), "max-age=60, stale-while-revalidate=600, stale-if-error=600");
  });

  it("a stale value: Cache-Status hit with a negative ttl, X-Cache stale, and a max-age below its Age", async () => {
    let failing = false;
    const { layer, read, clock } = served({ failLoads: () => failing });
    await layer.own("graced").get("graced:1"); // loaded, stored
    clock.advance(MINUTE + 5_000);
    failing = true;
    const response = await read("graced", "graced:1");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("X-Cache"), "stale");
    assert.equal(response.headers.get("Cache-Status"), "borrowcache; hit; ttl=-5");
    assert.equal(response.headers.get("Age"), "65");
    assert.equal(response.headers.get("Cache-Control"), "max-age=60, stale-if-error=600");
  });

  it("a value loaded on this read: fwd=miss; stored; a key nobody has: 404 fwd=miss and no-store", async () => {
    const { read } = served();
    const loaded = await read("loaded", "loaded:1");
    assert.equal(loaded.status, 200);
    assert.equal(loaded.headers.get("Cache-Status"), "borrowcache; fwd=miss; stored; ttl=60");
    assert.equal(loaded.headers.get("X-Cache"), "miss");
    assert.equal(loaded.headers.get("Cache-Control"), "max-age=60");
    const missing = await read("timed", "timed:none");
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get("Cache-Status"), "borrowcache; fwd=miss");
    assert.equal(missing.headers.get("Cache-Control"), "no-store");
    assert.equal(missing.headers.get("ETag"), null);
  });

  it("private caches are private; real_time caches and every error are no-store", async () => {
    const { layer, read, handler } = served();
    await layer.own("mine").set("mine:ada", "cart");
    await layer.own("live").set("live:btc", 1);
    assert.equal((await read("mine", "mine:ada")).headers.get("Cache-Control"), "private, max-age=60");
    assert.equal((await read("live", "live:btc")).headers.get("Cache-Control"), "no-store");
    for (const response of [await read("timed", "other:1"), await handler(new Request("http://127.0.0.1/elsewhere"))]) {
      assert.ok(response.status >= 400);
      assert.equal(response.headers.get("Cache-Control"), "no-store");
    }
  });

  it("Vary names what authorize reads: Authorization by default, the given headers, nothing without authorize", async () => {
    const withCookie = served({ vary: ["Cookie"] });
    await withCookie.layer.own("timed").set("timed:1", "v");
    assert.equal((await withCookie.read("timed", "timed:1")).headers.get("Vary"), "Cookie");
    const open = createLayer(app, "server");
    await open.own("timed").set("timed:1", "v");
    const response = await serveLayer(open, { expose: ["timed"] })(new Request("http://127.0.0.1/c/timed?key=timed%3A1"));
    assert.equal(response.headers.get("Vary"), null);
  });

  it("with cors, Vary carries Origin beside Authorization, whether or not the origin is allowed; ETag and Cache-Status are exposed", async () => {
    const layer = createLayer(app, "server");
    await layer.own("timed").set("timed:1", "v");
    const handler = serveLayer(layer, { expose: ["timed"], authorize: () => true, cors: { origins: ["http://127.0.0.1:5173"] } });
    const allowed = await handler(new Request("http://127.0.0.1/c/timed?key=timed%3A1", { headers: { Origin: "http://127.0.0.1:5173" } }));
    assert.equal(allowed.headers.get("Vary"), "Authorization, Origin");
    assert.match(allowed.headers.get("Access-Control-Expose-Headers") ?? "", /ETag, Cache-Status/);
    assert.match(allowed.headers.get("Access-Control-Allow-Headers") ?? "", /If-None-Match/);
    const other = await handler(new Request("http://127.0.0.1/c/timed?key=timed%3A1", { headers: { Origin: "http://evil.example" } }));
    assert.equal(other.headers.get("Vary"), "Authorization, Origin");
    assert.equal(other.headers.get("Access-Control-Allow-Origin"), null);
  });
});

describe("ETag and If-None-Match", () => {
  it("If-None-Match with the tag: 304, no body, the same validators and caching headers", async () => {
    const { layer, read } = served();
    await layer.own("timed").set("timed:1", { name: "lamp" });
    const first = await read("timed", "timed:1");
    const tag = first.headers.get("ETag")!;
    await first.body?.cancel();
    const again = await read("timed", "timed:1", { "If-None-Match": tag });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), "");
    for (const name of ["ETag", "Cache-Control", "Cache-Status", "Vary", "Age", "X-Cache"])
      assert.equal(again.headers.get(name), first.headers.get(name), name);
    assert.equal(again.headers.get("Content-Type"), null);
  });

  it("matches weakly, in a list, and '*'; a changed value answers 200 with a new tag", async () => {
    const { layer, read } = served();
    await layer.own("timed").set("timed:1", "one");
    const tag = (await read("timed", "timed:1")).headers.get("ETag")!;
    for (const held of [`W/${tag}`, `"x", ${tag}`, ` ${tag} ,"y"`, "*"])
      assert.equal((await read("timed", "timed:1", { "If-None-Match": held })).status, 304, held);
    for (const held of ['"x"', tag.slice(0, -2) + '"', `${tag}x`]) assert.equal((await read("timed", "timed:1", { "If-None-Match": held })).status, 200, held);
    await layer.own("timed").set("timed:1", "two");
    const changed = await read("timed", "timed:1", { "If-None-Match": tag });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get("ETag"), tag);
    assert.equal(await changed.json(), "two");
    // A 404 is never a 304, whatever the client holds.
    assert.equal((await read("timed", "timed:none", { "If-None-Match": "*" })).status, 404);
  });

  it("the same stored value has the same tag in every layer and every process (pinned), a different one another", async () => {
    const value = { name: "lamp", at: new Date(7), tags: new Set(["a"]), price: 12n, bytes: new Uint8Array([1, 2]) };
    const tags: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { layer, read } = served();
      await layer.own("forever").set("forever:1", structuredClone(value));
      tags.push((await read("forever", "forever:1")).headers.get("ETag")!);
    }
    assert.equal(tags[0], tags[1]);
    // Another process computes it from the same bytes: the hash depends on nothing but them.
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `
      import { entityTag } from "./src/runtime/http/entity-tag.ts";
      import { serialize } from "./src/runtime/serialize/index.ts";
      const value = { name: "lamp", at: new Date(7), tags: new Set(["a"]), price: 12n, bytes: new Uint8Array([1, 2]) };
      process.stdout.write(entityTag(value, serialize(value)));
    `,
      ],
      { encoding: "utf8" },
    );
    assert.equal(child.stdout, tags[0], child.stderr);
    // Pinned: a change of the hash would make every browser and CDN revalidate in full once; say so when it happens.
    assert.equal(tags[0], '"3b-d68f636f1d91f1ec"');
    const { layer, read } = served();
    await layer.own("forever").set("forever:1", { ...value, name: "lamp!" });
    assert.notEqual((await read("forever", "forever:1")).headers.get("ETag"), tags[0]);
  });

  it("HEAD answers what GET would, without the content; with If-None-Match, a 304", async () => {
    const { layer, handler } = served();
    await layer.own("timed").set("timed:1", { name: "lamp" });
    const server = await serveNode(handler);
    closers.push(() => server.close());
    const url = `${server.url}c/timed?key=timed%3A1`;
    const get = await fetch(url);
    const getBody = await get.text();
    const head = await fetch(url, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), "");
    for (const name of ["ETag", "Cache-Control", "Cache-Status", "Content-Type"]) assert.equal(head.headers.get(name), get.headers.get(name), name);
    assert.equal(head.headers.get("Content-Length"), String(Buffer.byteLength(getBody)));
    assert.equal((await fetch(url, { method: "HEAD", headers: { "If-None-Match": get.headers.get("ETag")! } })).status, 304);
  });

  it("over loopback HTTP, a browser-style revalidation: 200 with ETag, then 304 for If-None-Match", async () => {
    const { layer, handler } = served();
    await layer.own("timed").set("timed:1", { name: "lamp" });
    const server = await serveNode(handler);
    closers.push(() => server.close());
    const first = await fetch(`${server.url}c/timed?key=timed%3A1`);
    await first.text();
    const second = await fetch(`${server.url}c/timed?key=timed%3A1`, { headers: { "If-None-Match": first.headers.get("ETag")! } });
    assert.equal(second.status, 304);
    assert.equal(second.headers.get("ETag"), first.headers.get("ETag"));
    assert.equal(second.headers.get("Content-Length"), null);
  });
});

describe("remoteLayer reads the owner, never an HTTP cache's copy", () => {
  it("over fetch: every request with cache: 'no-store' (no copy kept, intermediaries revalidate)", async () => {
    const layer = createLayer(app, "server");
    await layer.own("timed").set("timed:1", "v");
    const server = await serveNode(serveLayer(layer, { expose: ["timed"] }));
    closers.push(() => server.close());
    const modes: (RequestCache | undefined)[] = [];
    const remote = fetchRemoteLayer(server.url, {
      layer: "server",
      fetch: (input, init) => {
        modes.push(init?.cache);
        return fetch(input, init);
      },
    });
    closers.push(() => remote.close());
    assert.equal((await remote.read("timed", "timed:1")).value, "v");
    await remote.invalidate("timed", "timed:1", false);
    assert.deepEqual(modes, ["no-store", "no-store"]);
  });

  it("over fetch in a runtime that refuses the cache option: asks without it from then on", async () => {
    const layer = createLayer(app, "server");
    await layer.own("timed").set("timed:1", "v");
    const server = await serveNode(serveLayer(layer, { expose: ["timed"] }));
    closers.push(() => server.close());
    let refused = 0;
    const oldWorkerd: typeof fetch = (input, init) => {
      if (init?.cache !== undefined) {
        refused++;
        return Promise.reject(new TypeError("The 'cache' field on 'RequestInitializerDict' is not implemented."));
      }
      return fetch(input, init);
    };
    const remote = fetchRemoteLayer(server.url, { layer: "server", fetch: oldWorkerd });
    closers.push(() => remote.close());
    assert.equal((await remote.read("timed", "timed:1")).value, "v");
    assert.equal((await remote.read("timed", "timed:1")).value, "v");
    assert.equal(refused, 1);
  });

  it("over node:http: Cache-Control: no-cache, and no If-None-Match (it holds no copy to revalidate)", async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const owner = createServer((req, res) => {
      seen.push(req.headers);
      res
        .writeHead(200, { "Content-Type": "application/json; charset=utf-8", "X-Cache": "hit", ETag: '"1-0000000000000000"', "Cache-Control": "max-age=60" })
        .end('"v"');
    });
    await new Promise<void>((resolve) => owner.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => owner.close(() => resolve())));
    const remote = nodeRemoteLayer(`http://127.0.0.1:${(owner.address() as AddressInfo).port}/`, { layer: "server" });
    closers.push(() => remote.close());
    await remote.read("timed", "timed:1");
    await remote.read("timed", "timed:1");
    assert.equal(seen.length, 2, "the second read went to the owner too");
    for (const headers of seen) {
      assert.equal(headers["cache-control"], "no-cache");
      assert.equal(headers["if-none-match"], undefined);
    }
  });
});
