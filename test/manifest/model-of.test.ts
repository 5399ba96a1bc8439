// Internal unit: modelOf, the compiled manifest model every layer, handle and guard reads, has no public face.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ManifestError } from "../../src/index.js";
import { modelOf } from "../../src/runtime/model/model-of.js";
import { defineFromJavaScript } from "../guards/helpers/define.js";
import { designExample } from "./design-example.js";

describe("modelOf", () => {
  const app = defineFromJavaScript(designExample());
  const model = modelOf(app);

  it("is built once per manifest object", () => {
    assert.equal(modelOf(app), model);
    assert.notEqual(modelOf(defineFromJavaScript(designExample())), model);
  });

  it("fills in the defaults: layers, lifetime 'static', booleans false, no strategy", () => {
    const bare = modelOf({ caches: { a: { primary: "edge", owns: ["a:*"] } } });
    assert.deepEqual(bare.layers, ["client", "edge", "server"]);
    const { accepts, acceptsKey, acceptsPattern, ...fields } = bare.caches.get("a")!;
    // The compiled membership test, built once with the model.
    assert.deepEqual(
      [acceptsKey("a:1"), acceptsKey("b:1"), acceptsPattern("a*"), acceptsPattern("b:*"), accepts("a:*"), accepts("a")],
      [true, false, true, false, true, false],
    );
    assert.deepEqual(fields, {
      name: "a",
      primary: "edge",
      owns: ["a:*"],
      invalidates: [],
      invalidationModes: [],
      maxSize: undefined,
      streaming: false,
      chunkSize: undefined,
      ttl: undefined,
      grace: undefined,
      timeout: undefined,
      hardTimeout: undefined,
      warm: undefined,
      lifetime: "static",
      exclusive: false,
      strategy: undefined,
      private: false,
      schema: undefined,
      validate: "read",
      version: undefined,
    });
  });

  it("parses sizes to bytes (1024-based) and durations to milliseconds", () => {
    assert.equal(model.caches.get("product_cache")?.maxSize, 50 * 1024 * 1024);
    assert.equal(model.caches.get("video_cache")?.chunkSize, 1024 * 1024);
    assert.equal(model.caches.get("sessions")?.ttl, 30 * 60 * 1000);
    const timed = modelOf({
      caches: { d: { primary: "server", owns: ["d:*"], ttl: "1.5h", grace: "1d", timeout: "100ms", hardTimeout: "2s", maxSize: "1.5KB" } },
    }).caches.get("d");
    assert.deepEqual([timed?.ttl, timed?.grace, timed?.timeout, timed?.hardTimeout, timed?.maxSize], [5_400_000, 86_400_000, 100, 2000, 1536]);
  });

  it("keeps the rest of each cache: warm, lifetime, exclusive, strategy", () => {
    assert.deepEqual(model.caches.get("data_cache")?.warm, { prefetch: ["popular:*"], backfill: true });
    assert.equal(model.caches.get("sessions")?.lifetime, "session");
    assert.equal(model.caches.get("accounts")?.exclusive, true);
    assert.equal(model.caches.get("live_prices")?.strategy, "real_time");
  });

  it("resolves a cache name, or a pattern some cache owns exactly", () => {
    assert.equal(model.resolve("user_data")?.name, "user_data");
    assert.equal(model.resolve("popular:*")?.name, "data_cache");
    assert.equal(model.resolve("popular:x:*"), undefined);
    assert.equal(model.resolve("nobody"), undefined);
  });

  it("finds the one owner of a key", () => {
    assert.equal(model.ownerOfKey("user:42")?.name, "user_data");
    assert.equal(model.ownerOfKey("popular:top")?.name, "data_cache");
    assert.equal(model.ownerOfKey("users:42"), undefined);
    assert.equal(model.ownerOfKey(""), undefined);
  });

  it("finds the owner among 1000 caches through the prefix index, not by scanning them", (t) => {
    const caches: Record<string, object> = {};
    for (let i = 0; i < 1000; i++) caches[`c${i}`] = { primary: "server", owns: [`k${i}:*`, `m${i}:*:x`] };
    const big = modelOf({ caches });
    const keys = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `k${(i * 7) % 1000}:user:${i}` : `m${i}:${i}:x`));
    for (const key of keys) big.ownerOfKey(key);
    const rounds = 200;
    const started = performance.now();
    for (let round = 0; round < rounds; round++) for (const key of keys) assert.ok(big.ownerOfKey(key));
    const nanoseconds = ((performance.now() - started) * 1e6) / (rounds * keys.length);
    t.diagnostic(`ownerOfKey: ${nanoseconds.toFixed(0)} ns per lookup at 1000 caches`);
    // A scan of 2000 patterns costs hundreds of microseconds; the bound leaves room for a loaded machine.
    assert.ok(nanoseconds < 50_000, `${nanoseconds.toFixed(0)} ns per lookup`);
    assert.equal(big.ownerOfKey("k517:abc")?.name, "c517");
    assert.equal(big.ownerOfKey("m3:1:y"), undefined);
  });

  it("rejects a manifest that breaks a rule", () => {
    assert.throws(() => modelOf({ caches: { a: { primary: "edge", owns: ["a:*"], streaming: true } } }), ManifestError);
  });
});

describe("invalidationsOf", () => {
  const model = modelOf(defineFromJavaScript(designExample()));

  it("turns a write to 'user:42' into 'profile:42' and 'settings:42', at their owners", () => {
    assert.deepEqual(model.invalidationsOf("user_data", "user:42"), [
      { cache: "profile", target: "profile:42", isPattern: false },
      { cache: "settings", target: "settings:42", isPattern: false },
    ]);
  });

  it("carries an entry's mode 'expire' to its target, and a target reached twice is deleted if either way deletes it", () => {
    const modes = modelOf({
      caches: {
        user_data: { primary: "server", owns: ["user:*"], invalidates: [{ target: "profile:*", mode: "expire" }, "feed:*"] },
        profile: { primary: "server", owns: ["profile:*"], invalidates: [{ target: "feed:*", mode: "expire" }] },
        feed: { primary: "server", owns: ["feed:*"] },
      },
    });
    assert.deepEqual(modes.invalidationsOf("user_data", "user:1"), [
      { cache: "profile", target: "profile:1", isPattern: false, mode: "expire" },
      { cache: "feed", target: "feed:1", isPattern: false },
    ]);
    assert.deepEqual(modes.invalidationsOf("profile", "profile:1"), [{ cache: "feed", target: "feed:1", isPattern: false, mode: "expire" }]);
  });

  it("returns nothing for a cache that invalidates nothing, or an unknown cache", () => {
    assert.deepEqual(model.invalidationsOf("profile", "profile:1"), []);
    assert.deepEqual(model.invalidationsOf("nobody", "x"), []);
  });

  it("follows the cascade transitively, carrying the captures over", () => {
    const chain = modelOf({
      caches: {
        user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] },
        profile: { primary: "edge", owns: ["profile:*"], invalidates: ["avatar:*:small", "feed:*"] },
        avatar: { primary: "edge", owns: ["avatar:*"] },
        feed: { primary: "server", owns: ["feed:*"] },
      },
    });
    assert.deepEqual(chain.invalidationsOf("user_data", "user:42"), [
      { cache: "profile", target: "profile:42", isPattern: false },
      { cache: "avatar", target: "avatar:42:small", isPattern: false },
      { cache: "feed", target: "feed:42", isPattern: false },
    ]);
  });

  it("maps 'a:1:b:2' written under 'a:*:b:*' to 'x:1:2' for the target 'x:*:*'", () => {
    const two = modelOf({ caches: { a: { primary: "server", owns: ["a:*:b:*"], invalidates: ["x:*:*"] }, x: { primary: "server", owns: ["x:*"] } } });
    assert.deepEqual(two.invalidationsOf("a", "a:1:b:2"), [{ cache: "x", target: "x:1:2", isPattern: false }]);
  });

  it("keeps a target a pattern when the write was a pattern ('user:*' → 'profile:*')", () => {
    const wide = modelOf({
      caches: {
        user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*:avatar"] },
        profile: { primary: "edge", owns: ["profile:*"], invalidates: ["feed:*"] },
        feed: { primary: "server", owns: ["feed:*"] },
      },
    });
    assert.deepEqual(wide.invalidationsOf("user_data", "user:*"), [
      { cache: "profile", target: "profile:*:avatar", isPattern: true },
      { cache: "feed", target: "feed:*:avatar", isPattern: true },
    ]);
    assert.deepEqual(wide.invalidationsOf("user_data", "user:7"), [
      { cache: "profile", target: "profile:7:avatar", isPattern: false },
      { cache: "feed", target: "feed:7:avatar", isPattern: false },
    ]);
  });

  it("sends the targets whole when the written key is outside the cache's patterns (more, never less)", () => {
    assert.deepEqual(model.invalidationsOf("user_data", "account:1"), [
      { cache: "profile", target: "profile:*", isPattern: true },
      { cache: "settings", target: "settings:*", isPattern: true },
    ]);
  });

  it("visits each (cache, target) once when two paths reach it", () => {
    const diamond = modelOf({
      caches: {
        a: { primary: "client", owns: ["a:*"], invalidates: ["b:*", "c:*"] },
        b: { primary: "edge", owns: ["b:*"], invalidates: ["d:*"] },
        c: { primary: "edge", owns: ["c:*"], invalidates: ["d:*"] },
        d: { primary: "server", owns: ["d:*"] },
      },
    });
    assert.deepEqual(diamond.invalidationsOf("a", "a:7"), [
      { cache: "b", target: "b:7", isPattern: false },
      { cache: "c", target: "c:7", isPattern: false },
      { cache: "d", target: "d:7", isPattern: false },
    ]);
  });
});
