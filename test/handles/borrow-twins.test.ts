// Every run-time twin of a borrow rule, called as plain JavaScript or an `as any` cast would: the error
// carries the compile-time text (from the message functions, never retyped) and says where.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BorrowError } from "../../src/runtime/errors.js";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import {
  cannotOwnMessage,
  cannotWriteMessage,
  exclusiveSetMessage,
  keyNotInCacheMessage,
  noRouteMessage,
  notStreamingMessage,
  scopedSetOutsideScopeMessage,
  streamingAccessMessage,
  unknownCacheMessage,
} from "../../src/runtime/messages/borrow.js";
import { sessionWithoutExpiryMessage } from "../../src/runtime/messages/manifest.js";
import { app } from "../layer/helpers/app.js";

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
    const server = createLayerRuntime(app, "server");
    assert.throws(() => server.own("user_data"), borrowError({
      message: cannotOwnMessage("user_data", "server", "client", "'user:*'"), rule: "own-on-primary", cache: "user_data", layer: "server",
    }));
  });

  it("refuses own by pattern the same way", () => {
    const server = createLayerRuntime(app, "server");
    assert.throws(() => server.own("user:*"), borrowError({ message: cannotOwnMessage("user_data", "server", "client", "'user:*'"), rule: "own-on-primary" }));
  });

  it("gives the same handle for a cache and its pattern, once per layer", () => {
    const client = createLayerRuntime(app, "client");
    assert.equal(client.own("user_data"), client.own("user:*"));
    assert.equal(client.borrow("profile"), client.borrow("profile:*"));
  });

  it("follow gives Owned on the primary and Borrowed elsewhere", () => {
    const client = createLayerRuntime(app, "client");
    assert.equal(client.follow("user_data"), client.own("user_data"));
    assert.equal(client.follow("profile"), client.borrow("profile"));
  });
});

describe("unknown cache", () => {
  it("refuses a name that is neither a cache nor an owned pattern", () => {
    const client = createLayerRuntime(app, "client");
    assert.throws(() => client.own("user_dta"), borrowError({ message: unknownCacheMessage("user_dta"), rule: "unknown-cache" }));
    assert.throws(() => client.borrow("orders:*"), borrowError({ message: unknownCacheMessage("orders:*"), rule: "unknown-cache" }));
  });
});

describe("write through owner", () => {
  const server = createLayerRuntime(app, "server");
  const borrowed = server.borrow("user_data") as any;
  const message = cannotWriteMessage("'user:*'", "server", "user_data", "client");
  for (const method of ["set", "delete", "getOrSet", "atomicUpdate", "putStream"]) {
    it(`rejects ${method} through a Borrowed handle`, async () => {
      await assert.rejects(borrowed[method]("user:1", 1), borrowError({ message, rule: "write-through-owner", cache: "user_data", key: "user:1", layer: "server" }));
    });
  }

  it("rejects writes through a borrow of a cache this layer owns, too", async () => {
    const client = createLayerRuntime(app, "client");
    await assert.rejects((client.borrow("user_data") as any).set("user:1", 1), borrowError({
      message: cannotWriteMessage("'user:*'", "client", "user_data", "client"), rule: "write-through-owner",
    }));
  });
});

describe("key in patterns", () => {
  it("rejects a key outside the cache's patterns on every read and write", async () => {
    const server = createLayerRuntime(app, "server");
    const data = server.own("data_cache") as any;
    const expected = borrowError({ message: keyNotInCacheMessage("orders:1", "data_cache", "'data:*', 'popular:*'"), rule: "key-in-patterns", cache: "data_cache", key: "orders:1", layer: "server" });
    await assert.rejects(data.get("orders:1"), expected);
    await assert.rejects(data.has("orders:1"), expected);
    await assert.rejects(data.getMany(["data:1", "orders:1"]), expected);
    await assert.rejects(data.getWithMeta("orders:1"), expected);
    await assert.rejects(data.set("orders:1", 1), expected);
    await assert.rejects(data.delete("orders:1"), expected);
    await assert.rejects(data.getOrSet("orders:1", () => 1), expected);
    await assert.rejects(data.atomicUpdate("orders:1", () => 1), expected);
    await assert.rejects(data.invalidate("orders:1"), expected);
    await assert.rejects((server.borrow("data_cache") as any).get("orders:1"), expected);
  });

  it("rejects a key that is not a string", async () => {
    const server = createLayerRuntime(app, "server");
    await assert.rejects((server.own("data_cache") as any).get(42), borrowError({ message: keyNotInCacheMessage("42", "data_cache", "'data:*', 'popular:*'"), rule: "key-in-patterns" }));
  });
});

describe("route to owner", () => {
  it("rejects the first borrowed read when the owner layer has no route (not at borrow())", async () => {
    const client = createLayerRuntime(app, "client");
    const products = client.borrow("product_cache");
    await assert.rejects(products.get("products:1"), borrowError({
      message: noRouteMessage("product_cache", "client", "edge"), rule: "route-to-owner", cache: "product_cache", key: "products:1", layer: "client",
    }));
  });

  it("refuses a write whose invalidation target has no route, before writing anything", async () => {
    const client = createLayerRuntime(app, "client");
    const users = client.own("user_data");
    await assert.rejects(users.set("user:42", { name: "Ada" }), borrowError({ message: noRouteMessage("profile", "client", "edge"), rule: "route-to-owner", cache: "profile" }));
    assert.equal(await users.get("user:42"), undefined);
  });
});

describe("exclusive writes atomically", () => {
  it("rejects set and getOrSet on an exclusive cache", async () => {
    const accounts = createLayerRuntime(app, "server").own("accounts") as any;
    const expected = borrowError({ message: exclusiveSetMessage("accounts"), rule: "exclusive-writes-atomically", cache: "accounts", key: "account:1", layer: "server" });
    await assert.rejects(accounts.set("account:1", 1), expected);
    await assert.rejects(accounts.getOrSet("account:1", () => 1), expected);
  });
});

describe("streaming reads by stream", () => {
  it("rejects get and set on a streaming cache", async () => {
    const videos = createLayerRuntime(app, "edge").own("video_cache") as any;
    await assert.rejects(videos.get("video:1"), borrowError({ message: streamingAccessMessage("video_cache", "get", "stream(key)"), rule: "streaming-reads-by-stream" }));
    await assert.rejects(videos.set("video:1", new Uint8Array(1)), borrowError({ message: streamingAccessMessage("video_cache", "set", "putStream(key, source)"), rule: "streaming-reads-by-stream" }));
  });

  it("rejects stream and putStream on a cache that does not stream", async () => {
    const server = createLayerRuntime(app, "server");
    const data = server.own("data_cache") as any;
    assert.throws(() => data.stream("data:1"), borrowError({ message: notStreamingMessage("data_cache", "stream"), rule: "streaming-reads-by-stream" }));
    await assert.rejects(data.putStream("data:1", []), borrowError({ message: notStreamingMessage("data_cache", "putStream"), rule: "streaming-reads-by-stream" }));
    assert.throws(() => (server.borrow("data_cache") as any).stream("data:1"), borrowError({ message: notStreamingMessage("data_cache", "stream"), rule: "streaming-reads-by-stream" }));
  });
});

describe("session needs expiry", () => {
  it("rejects set without cleanup on a session cache with no ttl", async () => {
    const open = createLayerRuntime(app, "server").own("open_sessions");
    await assert.rejects(open.set("open:1", { user: 1 }), borrowError({ message: sessionWithoutExpiryMessage("open_sessions"), rule: "session-needs-expiry", cache: "open_sessions", key: "open:1" }));
    await open.set("open:2", { user: 2 }, { cleanup: () => {} });
    await open.set("open:3", { user: 3 }, { ttl: 1000 });
    assert.deepEqual(await open.get("open:2"), { user: 2 });
  });

  it("accepts set without cleanup when the session cache has a ttl", async () => {
    const sessions = createLayerRuntime(app, "server").own("sessions");
    await sessions.set("session:1", { user: 1 });
    assert.deepEqual(await sessions.get("session:1"), { user: 1 });
  });
});

describe("scoped set in scope", () => {
  it("rejects setScoped on a plain Owned handle", async () => {
    const temp = createLayerRuntime(app, "server").own("request_temp") as any;
    await assert.rejects(temp.setScoped("req:1", 1), borrowError({ message: scopedSetOutsideScopeMessage("request_temp"), rule: "scoped-set-in-scope", cache: "request_temp", key: "req:1", layer: "server" }));
  });
});
