/**
 * The route contract: what every `LayerRoute` — a layer's in-process `route`, `remoteLayer` over
 * `fetch` or `node:http`, or a transport of your own — must answer, so that a borrower's call means the
 * same thing whatever the route to the owner. Each case makes the same call on the owner's own
 * in-process route (the reference) and on the route under test, and compares the results: values with
 * their types, hit/miss/stale, the answering layer, the error class, rule and text.
 */
import assert from "node:assert/strict";
import * as nodeTest from "node:test";
import { BorrowError, ChunkedValueError, createLayer, defineManifest, LoadTimeoutError, memoryStore, StoreError } from "../index.js";
import type { LayerRoute, RouteInvalidation } from "../runtime/contracts/route.js";
import type { CacheStore, StorePartition } from "../runtime/contracts/store.js";
import type { SuiteApi } from "./suite-api.js";

/** The manifest the contract is proven on: an edge owning plain, streaming and slow caches. */
export const routeContractApp = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    product_cache: { primary: "edge", owns: ["products:*", "product_meta:*"], ttl: "1h", grace: "1h" },
    video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "4B" },
    slow_cache: { primary: "edge", owns: ["slow:*"], ttl: "1h", timeout: "10ms", hardTimeout: "150ms" },
    flaky_cache: { primary: "edge", owns: ["flaky:*"] },
    user_data: { primary: "client", owns: ["user:*"] },
  },
});

/** The owner layer the contract serves: what a route factory gets. */
export type RouteContractOwner = ReturnType<typeof createRouteContractOwner>;

/** A route to `owner` under test, and how to tear it down. */
export interface RouteUnderTest {
  readonly route: LayerRoute;
  /** Resolves once `onInvalidate` listeners hear the owner (an event feed connected). @default resolved */
  readonly subscribed?: () => Promise<void>;
  close(): void | Promise<void>;
}

/** Options of `routeContract`. */
export interface RouteContractOptions {
  /** `describe` and `it` of your test runner. @default node:test's */
  readonly api?: SuiteApi;
}

/**
 * Registers the route contract's tests for a route made by `makeRoute` from the owner layer, on
 * `node:test` (or the runner given in `options.api`).
 *
 * @example
 * import { routeContract } from "borrowcache/test-suite";
 * import { serveLayer, remoteLayer } from "borrowcache";
 * import { serveNode } from "borrowcache/node";
 * routeContract("remoteLayer over fetch", async (owner) => {
 *   const server = await serveNode(serveLayer(owner, { expose: ["product_cache", "video_cache", "slow_cache", "flaky_cache"] }));
 *   const route = remoteLayer(server.url, { layer: "edge" });
 *   return { route, subscribed: () => route.subscribed(), close: async () => { route.close(); await server.close(); } };
 * });
 */
export function routeContract(
  name: string,
  makeRoute: (owner: RouteContractOwner) => RouteUnderTest | Promise<RouteUnderTest>,
  options: RouteContractOptions = {},
): void {
  const api: SuiteApi = options.api ?? nodeTest;
  // Called as methods, so a runner given as an object whose methods use `this` keeps it.
  const describe: SuiteApi["describe"] = (title, body) => api.describe(title, body);
  const it: SuiteApi["it"] = (title, body) => api.it(title, body);
  describe(`route contract: ${name}`, () => {
    /** A fresh owner, its in-process route (the reference) and the route under test. */
    const setUp = async () => {
      // The layer's timers (a hardTimeout) do not hold a process open; this one does, while a case runs.
      const keepAlive = setInterval(() => {}, 1000);
      const owner = createRouteContractOwner();
      const tested = await makeRoute(owner);
      const reference = owner.route;
      const close = async () => {
        clearInterval(keepAlive);
        await tested.close();
        await owner.close();
      };
      return { owner, reference, route: tested.route, tested, close };
    };

    /** The same call on both routes: their values, or their errors, must agree. */
    const sameOnBoth = async <T>(call: (route: LayerRoute) => Promise<T>, compare: (tested: T, reference: T) => void) => {
      const { reference, route, close } = await setUp();
      try {
        const [expected, actual] = [await settle(() => call(reference)), await settle(() => call(route))];
        if (expected.ok && actual.ok) compare(actual.value, expected.value);
        else assertSameFailure(actual, expected);
      } finally {
        await close();
      }
    };

    it("reads a stored value with its types, as a hit answered by the owner layer", async () => {
      const { owner, route, close } = await setUp();
      try {
        const value = {
          name: "lamp",
          at: new Date(7),
          tags: new Set(["a"]),
          sizes: new Map([["s", 1]]),
          price: 12n,
          bytes: new Uint8Array([1, 2]),
          none: undefined,
        };
        await owner.own("product_cache").set("products:1", value);
        const read = await route.read("product_cache", "products:1");
        assert.deepEqual(read.value, value);
        assert.equal(read.hit, true);
        assert.equal(read.stale, false);
        assert.equal(read.layer, "edge");
        assert.equal(typeof read.storedAt, "number");
      } finally {
        await close();
      }
    });

    it("reads a key nothing stored as a miss, value undefined", () =>
      sameOnBoth(
        (route) => route.read("product_cache", "products:none"),
        (actual, expected) => {
          assert.equal(actual.hit, false);
          assert.equal(actual.value, undefined);
          assert.equal(actual.layer, expected.layer);
        },
      ));

    it("loads a miss from the owner's source once, then reads it as a hit", async () => {
      const { owner, route, close } = await setUp();
      try {
        const first = await route.read("product_cache", "product_meta:7");
        assert.deepEqual([first.hit, first.value], [false, { loaded: "product_meta:7" }]);
        const second = await route.read("product_cache", "product_meta:7");
        assert.deepEqual([second.hit, second.value], [true, { loaded: "product_meta:7" }]);
        assert.equal(owner.loads.length, 1);
      } finally {
        await close();
      }
    });

    it("refuses a key outside the cache's patterns with the rule 'key-in-patterns' and the same text", () =>
      sameOnBoth(
        (route) => route.read("product_cache", "orders:1"),
        () => assert.fail("the read should fail"),
      ));

    it("refuses a cache the owner layer does not own with the rule 'route-to-owner'", async () => {
      const { route, close } = await setUp();
      try {
        await assert.rejects(route.read("user_data", "user:1"), (error: unknown) => error instanceof BorrowError && error.rule === "route-to-owner");
      } finally {
        await close();
      }
    });

    it("a failing store reaches the borrower as a StoreError naming the owner layer, cache, key and operation", () =>
      sameOnBoth(
        (route) => route.read("flaky_cache", "flaky:down"),
        () => assert.fail("the read should fail"),
      ));

    it("a load past its hardTimeout reaches the borrower as a LoadTimeoutError naming the key", () =>
      sameOnBoth(
        (route) => route.read("slow_cache", "slow:never"),
        () => assert.fail("the read should fail"),
      ));

    it("streams a value chunk by chunk, keeping the chunk boundaries", async () => {
      const { owner, route, close } = await setUp();
      try {
        await owner.own("video_cache").putStream("video:1", [new Uint8Array([1, 2, 3, 4]), new Uint8Array([5, 6, 7, 8]), new Uint8Array([9])]);
        const chunks: number[][] = [];
        for await (const chunk of route.stream("video_cache", "video:1")) chunks.push([...chunk]);
        assert.deepEqual(chunks, [[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
      } finally {
        await close();
      }
    });

    it("streams a missing value as a ChunkedValueError 'missing'", () =>
      sameOnBoth(
        (route) => drain(route.stream("video_cache", "video:none")),
        () => assert.fail("the stream should fail"),
      ));

    it("refuses to stream a cache that does not stream, and to read one that does, with 'streaming-reads-by-stream'", async () => {
      await sameOnBoth(
        (route) => drain(route.stream("product_cache", "products:1")),
        () => assert.fail("the stream should fail"),
      );
      await sameOnBoth(
        (route) => route.read("video_cache", "video:1"),
        () => assert.fail("the read should fail"),
      );
    });

    it("invalidates a key at the owner, and its listeners hear it", async () => {
      const { owner, route, tested, close } = await setUp();
      try {
        const heard: RouteInvalidation[] = [];
        const stop = route.onInvalidate((invalidation) => heard.push(invalidation));
        await tested.subscribed?.();
        await owner.own("product_cache").set("products:1", "lamp");
        await route.invalidate("product_cache", "products:1", false);
        assert.equal(await owner.own("product_cache").get("products:1"), undefined);
        await eventually(() => heard.some((i) => i.target === "products:1" && !i.isPattern && i.cache === "product_cache"));
        stop();
      } finally {
        await close();
      }
    });

    it("invalidates a pattern as the keys of the cache it reaches ('products*' drops 'products:1', keeps 'product_meta:1')", async () => {
      const { owner, route, close } = await setUp();
      try {
        const products = owner.own("product_cache");
        await products.set("products:1", 1);
        await products.set("product_meta:1", 2);
        await route.invalidate("product_cache", "products*", true);
        assert.deepEqual([await products.get("products:1"), await products.get("product_meta:1")], [undefined, 2]);
      } finally {
        await close();
      }
    });

    it("refuses a pattern that reaches none of the cache's keys, and a target whose isPattern is wrong, naming them", async () => {
      await sameOnBoth(
        (route) => route.invalidate("product_cache", "users:*", true),
        () => assert.fail("the invalidation should fail"),
      );
      await sameOnBoth(
        (route) => route.invalidate("product_cache", "products:1", true),
        () => assert.fail("the invalidation should fail"),
      );
    });

    it("invalidates with mode 'expire': the owner then answers the stale value and refreshes it once, and listeners hear the mode", async () => {
      const { owner, route, tested, close } = await setUp();
      try {
        const heard: RouteInvalidation[] = [];
        route.onInvalidate((invalidation) => heard.push(invalidation));
        await tested.subscribed?.();
        await owner.own("product_cache").set("product_meta:9", "written");
        await route.invalidate("product_cache", "product_meta:9", false, "expire");
        const stale = await route.read("product_cache", "product_meta:9");
        assert.deepEqual([stale.value, stale.hit, stale.stale, stale.layer], ["written", true, true, "edge"]);
        await eventually(() => owner.loads.length === 1);
        const fresh = await route.read("product_cache", "product_meta:9");
        assert.deepEqual([fresh.value, fresh.stale], [{ loaded: "product_meta:9" }, false]);
        assert.equal(owner.loads.length, 1, "one refresh");
        await eventually(() => heard.some((i) => i.target === "product_meta:9" && i.mode === "expire"));
      } finally {
        await close();
      }
    });

    it("invalidates a pattern with mode 'expire' as stale copies of the keys it reaches, not deletes", async () => {
      const { owner, route, close } = await setUp();
      try {
        const products = owner.own("product_cache");
        await products.set("products:1", 1);
        await route.invalidate("product_cache", "products*", true, "expire");
        const meta = await products.getWithMeta("products:1");
        assert.deepEqual([meta.value, meta.stale], [1, true]);
      } finally {
        await close();
      }
    });

    it("refuses a mode that is not one with the same text on every route", () =>
      sameOnBoth(
        (route) => route.invalidate("product_cache", "products:1", false, "soft" as never),
        () => assert.fail("the invalidation should fail"),
      ));

    it("tells listeners when the owner writes a key, so a borrower's copy can go", async () => {
      const { owner, route, tested, close } = await setUp();
      try {
        const heard: RouteInvalidation[] = [];
        route.onInvalidate((invalidation) => heard.push(invalidation));
        await tested.subscribed?.();
        await owner.own("product_cache").set("products:2", "desk");
        await eventually(() => heard.some((i) => i.target === "products:2"));
      } finally {
        await close();
      }
    });
  });
}

/** The owner layer of the contract: memory store, a source that loads product_meta keys, a slow and a failing cache. */
export function createRouteContractOwner() {
  const loads: string[] = [];
  const store = failingFor("flaky_cache", memoryStore());
  const layer = createLayer(routeContractApp, "edge", {
    store,
    sources: {
      product_cache: { load: async (key) => (key.startsWith("product_meta:") ? (loads.push(key), { loaded: key }) : undefined) },
      slow_cache: { load: () => new Promise<undefined>(() => {}) },
    },
  });
  return Object.assign(layer, { loads });
}

/** A store whose partition for `cache` fails every read, as a store that is down does. */
function failingFor(cache: string, inner: CacheStore): CacheStore {
  return {
    kind: inner.kind,
    partition(name, options) {
      const partition = inner.partition(name, options);
      if (name !== cache) return partition;
      const down = (key: string): never => {
        throw new StoreError({ layer: "edge", store: inner.kind, cache: name, key, operation: "get", cause: new Error("store down") });
      };
      return { ...partition, get: down, getMany: async (keys) => down(keys[0] ?? "") } satisfies StorePartition;
    },
  };
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

async function settle<T>(call: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The same failure: class, rule (for a `BorrowError`), text, and the fields that say where. */
function assertSameFailure(actual: Settled<unknown>, expected: Settled<unknown>): void {
  assert.equal(actual.ok, expected.ok, `one route failed and the other did not: ${describeSettled(actual)} vs ${describeSettled(expected)}`);
  if (actual.ok || expected.ok) return;
  const [got, want] = [actual.error as Error, expected.error as Error];
  assert.equal(got?.constructor, want?.constructor, `error class: ${describeSettled(actual)} vs ${describeSettled(expected)}`);
  if (want instanceof BorrowError && got instanceof BorrowError) {
    assert.equal(got.rule, want.rule);
    assert.equal(got.message, want.message);
    assert.deepEqual([got.cache, got.key, got.layer], [want.cache, want.key, want.layer]);
  } else if (want instanceof StoreError && got instanceof StoreError) {
    assert.deepEqual([got.layer, got.cache, got.key, got.operation], [want.layer, want.cache, want.key, want.operation]);
  } else if (want instanceof LoadTimeoutError && got instanceof LoadTimeoutError) {
    assert.equal(got.message, want.message);
  } else if (want instanceof ChunkedValueError && got instanceof ChunkedValueError) {
    assert.deepEqual([got.reason, got.key, got.message], [want.reason, want.key, want.message]);
  }
}

function describeSettled(settled: Settled<unknown>): string {
  return settled.ok ? `value ${String(settled.value)}` : `${(settled.error as Error)?.name}: ${(settled.error as Error)?.message}`;
}

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  let count = 0;
  for await (const _chunk of chunks) count++;
  return count;
}

async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms}ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
