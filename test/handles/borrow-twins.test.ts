// Every run-time twin of a borrow rule, called as plain JavaScript or an `as any` cast would: the error
// carries the compile-time text (written out here, and checked by tsc against the public message type
// with `satisfies`, so it cannot drift from what tsc prints) and says where.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BorrowError,
  createLayer,
  type CannotOwnMessage,
  type CascadeWithoutRouteMessage,
  type CannotWriteMessage,
  type ExclusiveSetMessage,
  type KeyNotInCacheMessage,
  type NoRouteMessage,
  type NotStreamingMessage,
  type ScopedSetOutsideScopeMessage,
  type SessionWithoutExpiryMessage,
  type StreamingAccessMessage,
  type UnknownCacheMessage,
} from "../../src/index.js";
import { noRouteInThisTest } from "../helpers/no-route.js";
import { app, serverLayer } from "../layer/helpers/app.js";

function borrowError(expected: { message: string; rule: string; cache?: string; key?: string; layer?: string }) {
  return (error: unknown) => {
    assert.ok(error instanceof BorrowError, `expected a BorrowError, got ${String(error)}`);
    assert.equal(error.message, expected.message);
    assert.equal(error.rule, expected.rule);
    if ("cache" in expected) assert.equal(error.cache, expected.cache);
    if ("key" in expected) assert.equal(error.key, expected.key);
    if ("layer" in expected) assert.equal(error.layer, expected.layer);
    return true;
  };
}

describe("own on primary", () => {
  it("refuses own('user_data') on layer 'server', naming the primary and the patterns", () => {
    const server = serverLayer();
    assert.throws(
      () => (server as any).own("user_data"),
      borrowError({
        message: "✗ cannot own 'user_data' from layer 'server': its primary layer is 'client' — borrow 'user:*' instead" satisfies CannotOwnMessage<
          "user_data",
          "server",
          "client",
          "'user:*'"
        >,
        rule: "own-on-primary",
        cache: "user_data",
        layer: "server",
      }),
    );
  });

  it("refuses own by pattern the same way", () => {
    const server = serverLayer();
    assert.throws(
      () => (server as any).own("user:*"),
      borrowError({
        message: "✗ cannot own 'user_data' from layer 'server': its primary layer is 'client' — borrow 'user:*' instead" satisfies CannotOwnMessage<
          "user_data",
          "server",
          "client",
          "'user:*'"
        >,
        rule: "own-on-primary",
      }),
    );
  });

  it("gives the same handle for a cache and its pattern, once per layer", () => {
    const client = createLayer(app, "client", { remotes: { edge: noRouteInThisTest, server: noRouteInThisTest } });
    assert.equal(client.own("user_data"), client.own("user:*"));
    assert.equal(client.borrow("profile"), client.borrow("profile:*"));
  });

  it("follow gives Owned on the primary and Borrowed elsewhere", () => {
    const client = createLayer(app, "client", { remotes: { edge: noRouteInThisTest, server: noRouteInThisTest } });
    assert.equal(client.follow("user_data"), client.own("user_data"));
    assert.equal(client.follow("profile"), client.borrow("profile"));
  });
});

describe("unknown cache", () => {
  it("refuses a name that is neither a cache nor an owned pattern", () => {
    const client = createLayer(app, "client", { remotes: { edge: noRouteInThisTest, server: noRouteInThisTest } });
    assert.throws(
      () => (client as any).own("user_dta"),
      borrowError({
        message:
          "✗ 'user_dta' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns" satisfies UnknownCacheMessage<"user_dta">,
        rule: "unknown-cache",
      }),
    );
    assert.throws(
      () => (client as any).borrow("orders:*"),
      borrowError({
        message:
          "✗ 'orders:*' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns" satisfies UnknownCacheMessage<"orders:*">,
        rule: "unknown-cache",
      }),
    );
  });
});

describe("write through owner", () => {
  const server = serverLayer();
  const borrowed = server.borrow("user_data") as any;
  const message = "✗ cannot write 'user:*' from layer 'server': owned by 'user_data' (client)" satisfies CannotWriteMessage<
    "'user:*'",
    "server",
    "user_data",
    "client"
  >;
  for (const method of ["set", "delete", "getOrSet", "atomicUpdate", "putStream"]) {
    it(`rejects ${method} through a Borrowed handle`, async () => {
      await assert.rejects(
        borrowed[method]("user:1", 1),
        borrowError({ message, rule: "write-through-owner", cache: "user_data", key: "user:1", layer: "server" }),
      );
    });
  }

  it("rejects writes through a borrow of a cache this layer owns, too", async () => {
    const client = createLayer(app, "client", { remotes: { edge: noRouteInThisTest, server: noRouteInThisTest } });
    await assert.rejects(
      (client.borrow("user_data") as any).set("user:1", 1),
      borrowError({
        message: "✗ cannot write 'user:*' from layer 'client': owned by 'user_data' (client)" satisfies CannotWriteMessage<
          "'user:*'",
          "client",
          "user_data",
          "client"
        >,
        rule: "write-through-owner",
      }),
    );
  });
});

describe("key in patterns", () => {
  it("rejects a key outside the cache's patterns on every read and write", async () => {
    const server = serverLayer();
    const data = server.own("data_cache") as any;
    const expected = borrowError({
      message: "✗ key 'orders:1' is not in cache 'data_cache' — use a key matching 'data:*', 'popular:*'" satisfies KeyNotInCacheMessage<
        "orders:1",
        "data_cache",
        "'data:*', 'popular:*'"
      >,
      rule: "key-in-patterns",
      cache: "data_cache",
      key: "orders:1",
      layer: "server",
    });
    await assert.rejects(data.get("orders:1"), expected);
    await assert.rejects(data.has("orders:1"), expected);
    await assert.rejects(data.getMany(["data:1", "orders:1"]), expected);
    await assert.rejects(data.getWithMeta("orders:1"), expected);
    await assert.rejects(data.set("orders:1", 1), expected);
    await assert.rejects(data.delete("orders:1"), expected);
    await assert.rejects(
      data.getOrSet("orders:1", () => 1),
      expected,
    );
    await assert.rejects(
      data.atomicUpdate("orders:1", () => 1),
      expected,
    );
    await assert.rejects(data.invalidate("orders:1"), expected);
    await assert.rejects((server.borrow("data_cache") as any).get("orders:1"), expected);
  });

  it("rejects a key that is not a string", async () => {
    const server = serverLayer();
    await assert.rejects(
      (server.own("data_cache") as any).get(42),
      borrowError({
        message: "✗ key '42' is not in cache 'data_cache' — use a key matching 'data:*', 'popular:*'" satisfies KeyNotInCacheMessage<
          "42",
          "data_cache",
          "'data:*', 'popular:*'"
        >,
        rule: "key-in-patterns",
      }),
    );
  });
});

describe("route to owner", () => {
  it("rejects the first borrowed read when the owner layer has no route (not at borrow())", async () => {
    const client = createLayer(app, "client", { remotes: { edge: noRouteInThisTest, server: noRouteInThisTest } });
    const products = client.borrow("product_cache");
    await assert.rejects(
      products.get("products:1"),
      borrowError({
        message:
          "✗ cannot borrow 'product_cache' from layer 'client': no route to its owner layer 'edge' — pass remotes: { edge: … } to createLayer" satisfies NoRouteMessage<
            "product_cache",
            "client",
            "edge"
          >,
        rule: "route-to-owner",
        cache: "product_cache",
        key: "products:1",
        layer: "client",
      }),
    );
  });

  it("refuses to create a layer whose writes would cascade to a layer it has no route to, naming cache, target and owner", () => {
    // A JavaScript caller: tsc rejects the call (type-tests/handles/cascade-needs-route.test-d.ts).
    assert.throws(
      () => (createLayer as any)(app, "client", { remotes: { server: noRouteInThisTest } }),
      borrowError({
        message:
          "✗ cache 'user_data' (client) invalidates 'profile:*', owned by 'profile' (edge), but layer 'client' has no route to 'edge' — pass remotes: { edge } to createLayer" satisfies CascadeWithoutRouteMessage<
            "user_data",
            "client",
            "profile:*",
            "profile",
            "edge",
            "client"
          >,
        rule: "cascade-needs-route",
        cache: "user_data",
        key: "profile:*",
        layer: "client",
      }),
    );
  });
});

describe("exclusive writes atomically", () => {
  it("rejects set and getOrSet on an exclusive cache", async () => {
    const accounts = serverLayer().own("accounts") as any;
    const expected = borrowError({
      message: "✗ cannot set in cache 'accounts': it is exclusive — write it with atomicUpdate(key, fn)" satisfies ExclusiveSetMessage<"accounts">,
      rule: "exclusive-writes-atomically",
      cache: "accounts",
      key: "account:1",
      layer: "server",
    });
    await assert.rejects(accounts.set("account:1", 1), expected);
    await assert.rejects(
      accounts.getOrSet("account:1", () => 1),
      expected,
    );
  });
});

describe("streaming reads by stream", () => {
  it("rejects get and set on a streaming cache", async () => {
    const videos = createLayer(app, "edge", { remotes: { server: noRouteInThisTest } }).own("video_cache") as any;
    await assert.rejects(
      videos.get("video:1"),
      borrowError({
        message: "✗ cannot get from cache 'video_cache': it streams — use stream(key)" satisfies StreamingAccessMessage<"video_cache", "get", "stream(key)">,
        rule: "streaming-reads-by-stream",
      }),
    );
    await assert.rejects(
      videos.set("video:1", new Uint8Array(1)),
      borrowError({
        message: "✗ cannot set in cache 'video_cache': it streams — use putStream(key, source)" satisfies StreamingAccessMessage<
          "video_cache",
          "set",
          "putStream(key, source)"
        >,
        rule: "streaming-reads-by-stream",
      }),
    );
  });

  it("rejects stream and putStream on a cache that does not stream", async () => {
    const server = serverLayer();
    const data = server.own("data_cache") as any;
    assert.throws(
      () => data.stream("data:1"),
      borrowError({
        message: "✗ cannot stream cache 'data_cache': it does not stream — use get and set, or add streaming: true" satisfies NotStreamingMessage<
          "data_cache",
          "stream"
        >,
        rule: "streaming-reads-by-stream",
      }),
    );
    await assert.rejects(
      data.putStream("data:1", []),
      borrowError({
        message: "✗ cannot putStream cache 'data_cache': it does not stream — use get and set, or add streaming: true" satisfies NotStreamingMessage<
          "data_cache",
          "putStream"
        >,
        rule: "streaming-reads-by-stream",
      }),
    );
    assert.throws(
      () => (server.borrow("data_cache") as any).stream("data:1"),
      borrowError({
        message: "✗ cannot stream cache 'data_cache': it does not stream — use get and set, or add streaming: true" satisfies NotStreamingMessage<
          "data_cache",
          "stream"
        >,
        rule: "streaming-reads-by-stream",
      }),
    );
  });
});

describe("session needs expiry", () => {
  it("rejects set without cleanup on a session cache with no ttl", async () => {
    const open = serverLayer().own("open_sessions");
    await assert.rejects(
      (open as any).set("open:1", { user: 1 }),
      borrowError({
        message:
          "✗ cache 'open_sessions' has lifetime 'session' and no ttl — pass { cleanup } to set, or give the cache a ttl" satisfies SessionWithoutExpiryMessage<"open_sessions">,
        rule: "session-needs-expiry",
        cache: "open_sessions",
        key: "open:1",
      }),
    );
    await open.set("open:2", { user: 2 }, { cleanup: () => {} });
    // A per-write ttl is an expiry too at run time, but the public type takes only { cleanup } here
    // (src/types/handles/owned.ts SessionSet): a drift, kept visible by this cast.
    await (open as any).set("open:3", { user: 3 }, { ttl: 1000 });
    assert.deepEqual(await open.get("open:2"), { user: 2 });
  });

  it("accepts set without cleanup when the session cache has a ttl", async () => {
    const sessions = serverLayer().own("sessions");
    await sessions.set("session:1", { user: 1 });
    assert.deepEqual(await sessions.get("session:1"), { user: 1 });
  });
});

describe("scoped set in scope", () => {
  it("rejects setScoped on a plain Owned handle", async () => {
    const temp = serverLayer().own("request_temp") as any;
    await assert.rejects(
      temp.setScoped("req:1", 1),
      borrowError({
        message:
          "✗ setScoped on cache 'request_temp' needs a request scope — call it on the handle of layer.scope('request', …)" satisfies ScopedSetOutsideScopeMessage<"request_temp">,
        rule: "scoped-set-in-scope",
        cache: "request_temp",
        key: "req:1",
        layer: "server",
      }),
    );
  });
});
