import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { StoreError, createLayer, memoryStore, remoteLayer, serveLayer, type CacheStore } from "../../src/index.js";
import { serveNode } from "../../src/node/index.js";
import { app } from "./app.js";
import { seededRandom } from "../helpers/seeded-random.js";

// A bounded, seeded fuzz of serveLayer's HTTP surface. Every answer must be a 4xx, a 503 only while a
// store failure is injected, or a success only for a well-formed, authorized request to an exposed
// cache; no answer may carry anything of the unexposed cache; the handler must serve correctly after.

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const RUNS = 800;
const TOKEN = "Bearer fuzz-token";
const SECRET = "SECRET-MARKER-7f3a";


const PATHS = [
  "/c/product_cache", "/c/secret_cache", "/c/../c/secret_cache", "/c/%2e%2e/secret_cache", "/c/product_cache/../secret_cache",
  "/c/product%5Fcache", "/c/secret%5Fcache", "/c/secret%255Fcache", "/c/%", "/c/%E0%A4%A", "//c/secret_cache", "/c/secret_cache%00",
  "/c/", "/c", "/events", "/invalidate", "/", "/c/product_cache/", "/C/product_cache", "/c/%2e%2e%2fsecret_cache", "/c/__proto__",
  "/c/constructor", "/c/toString", "/invalidate/../c/secret_cache",
];
const KEYS = [
  "products:1", "secret:1", "../secret:1", "%2e%2e", "%252e%252e%252fsecret:1", "products:%00", "products:" + "x".repeat(5000), "products:*", "*",
  "", "products:\u202e\u0000", "secret:*", "products:1&key=secret:1", "products:1#", "products:..%2f..%2fsecret:1",
];
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO"];
const TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-8", "APPLICATION/JSON", ""];

interface Case {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly auth: string | undefined;
  readonly type: string;
  readonly body: string | Uint8Array | undefined;
  readonly failStore: boolean;
}

function makeCase(next: () => number): Case {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  // Half the cases aim at the live routes, so authorize, key checks and the store are reached, not just 404s.
  const path = next() < 0.5 ? pick(["/c/product_cache", "/invalidate", "/events"]) : pick(PATHS);
  const method = next() < 0.6 ? (path === "/invalidate" ? "POST" : "GET") : pick(METHODS);
  const key = pick(KEYS);
  const query = pick([
    `key=${encodeURIComponent(key)}`, `key=${key}`, `key=${encodeURIComponent(encodeURIComponent(key))}`, `key=${encodeURIComponent(key)}&stream=1`,
    `key=${encodeURIComponent(key)}&key=secret%3A1`, "", "stream=1", "key",
  ]);
  const auth = pick([undefined, TOKEN, TOKEN, "Bearer wrong", `${TOKEN} `, TOKEN.toLowerCase(), "Bearer " + "A".repeat(8000)]);
  const body = method === "GET" || method === "HEAD" ? undefined : pick<string | Uint8Array | undefined>([
    JSON.stringify({ cache: "secret_cache", target: "secret:1", isPattern: false }),
    JSON.stringify({ cache: "product_cache", target: key, isPattern: key.includes("*") }),
    JSON.stringify({ cache: "product_cache", target: "secret:*", isPattern: true }),
    JSON.stringify({ cache: "__proto__", target: "products:1", isPattern: false }),
    '{"cache":"product_cache","target":"products:1","isPattern":"yes"}',
    "{bad json", "null", "[]", '"products:1"', "x".repeat(40_000),
    new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]), undefined,
  ]);
  return { method, path, query, auth, type: pick(TYPES), body, failStore: next() < 0.1 };
}

let failing = false;
function chaosStore(): CacheStore {
  const inner = memoryStore();
  return {
    kind: "chaos",
    partition(cache, options) {
      const partition = inner.partition(cache, options);
      const guard = <T>(key: string, run: () => T): T => {
        if (failing) throw new StoreError({ layer: "edge", store: "chaos", key, operation: "get", cause: new Error(`inner detail ${SECRET}`) });
        return run();
      };
      return {
        get: (key) => guard(key, () => partition.get(key)),
        getMany: (keys) => guard(keys[0] ?? "", () => partition.getMany(keys)),
        set: (key, entry, ttl) => partition.set(key, entry, ttl),
        delete: (key) => guard(key, () => partition.delete(key)),
        keys: (pattern) => partition.keys(pattern),
        clear: () => partition.clear(),
      };
    },
  };
}

describe("fuzz of the HTTP surface (seed " + SEED + ")", () => {
  const edge = createLayer(app, "edge", { store: chaosStore() });
  const handler = serveLayer(edge, { expose: ["product_cache"], authorize: (request) => request.headers.get("Authorization") === TOKEN });
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it(`answers ${RUNS} hostile requests with 4xx (503 only under injected store failures), leaking nothing`, async () => {
    await edge.own("secret_cache").set("secret:1", SECRET);
    await edge.own("product_cache").set("products:1", "lamp");
    const next = seededRandom(SEED);
    const statuses = new Map<number, number>();
    for (let i = 0; i < RUNS; i++) {
      const c = makeCase(next);
      const headers = new Headers();
      if (c.auth !== undefined) headers.set("Authorization", c.auth);
      if (c.type) headers.set("Content-Type", c.type);
      const request = new Request(`http://127.0.0.1${c.path}${c.query ? `?${c.query}` : ""}`, { method: c.method, headers, body: (c.body ?? null) as BodyInit | null });
      failing = c.failStore;
      let response: Response;
      try {
        response = await handler(request);
      } finally {
        failing = false;
      }
      const body = response.headers.get("Content-Type")?.startsWith("text/event-stream") ? (await response.body?.cancel(), "") : await response.text();
      const where = `case ${i}: ${c.method} ${c.path}?${c.query.slice(0, 80)} auth=${String(c.auth).slice(0, 20)} → ${response.status} ${body.slice(0, 120)}`;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      assert.ok(!body.includes(SECRET) && !body.includes("secret:1\"") && !body.includes("inner detail"), `leak in ${where}`);
      // Headers trims surrounding whitespace, so `${TOKEN} ` arrives as the token itself.
      const authorized = request.headers.get("Authorization") === TOKEN;
      if (response.status < 300) {
        assert.ok(authorized || c.method === "OPTIONS", `success without authorization: ${where}`);
        assert.ok(c.path === "/c/product_cache" || c.path === "/c/product%5Fcache" || c.path === "/invalidate" || c.path === "/events" || c.method === "OPTIONS", `success off the exposed cache: ${where}`);
      } else if (response.status === 503) {
        assert.ok(c.failStore, `503 without an injected failure: ${where}`);
      } else {
        assert.ok(response.status >= 400 && response.status < 500, `not a 4xx: ${where}`);
        assert.doesNotThrow(() => JSON.parse(body), `4xx body is JSON: ${where}`);
      }
    }
    console.log(`# fuzz statuses (seed ${SEED}, ${RUNS} requests): ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ")}`);
    assert.equal(await edge.own("secret_cache").get("secret:1"), SECRET, "nothing reached the unexposed cache");
    // Authorized fuzz cases may have invalidated it, legitimately.
    await edge.own("product_cache").set("products:1", "lamp");
    const after = await handler(new Request("http://127.0.0.1/c/product_cache?key=products%3A1", { headers: { Authorization: TOKEN } }));
    assert.equal(after.status, 200);
  });

  it("over real HTTP, huge headers, raw path tricks and cut bodies get 4xx and the server still serves", async () => {
    const server = await serveNode(handler);
    cleanups.push(() => server.close());
    const raw = (path: string, headers: Record<string, string> = {}, method = "GET", body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port: server.port, path, method, headers }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        if (body !== undefined) req.write(body);
        req.end();
      });
    assert.equal(await raw("/c/product_cache?key=products%3A1", { Authorization: TOKEN, "X-Big": "y".repeat(20_000) }), 431);
    for (const path of ["/c/../c/secret_cache?key=secret%3A1", "/c/%2e%2e/secret_cache?key=secret%3A1", "/c/secret_cache/..%2f?key=secret%3A1", "/%2e%2e/%2e%2e/etc/passwd", "/c/secret_cache?key=secret%3A1"]) {
      const status = await raw(path, { Authorization: TOKEN });
      assert.ok(status >= 400 && status < 500, `${path} → ${status}`);
    }
    assert.equal(await raw("/invalidate", { Authorization: TOKEN, "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, "POST", "x".repeat(100_000)), 413);
    assert.equal(await raw("/invalidate", { Authorization: TOKEN, "Content-Type": "application/json", "Content-Length": "999999999" }, "POST", ""), 413);
    await edge.own("product_cache").set("products:1", "lamp");
    const remote = remoteLayer(server.url, { layer: "edge", headers: { Authorization: TOKEN } });
    assert.equal((await remote.read("product_cache", "products:1")).value, "lamp");
  });
});
