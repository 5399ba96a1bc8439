// The run-time half of defineManifest, called with plain data as JavaScript would; each expected message
// is written out and checked by tsc against its public message type.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  ManifestError,
  type AlreadyOwnedMessage,
  type NotASizeMessage,
  type PrimaryNotALayerMessage,
  type StreamingWithoutChunkSizeMessage,
  type UnknownFieldMessage,
  type UnownedTargetMessage,
} from "../../src/index.js";
import { defineFromJavaScript, issuesOf } from "../guards/helpers/define.js";
import { designExample } from "./design-example.js";

describe("defineManifest at run time", () => {
  it("accepts the manifest of docs/design.md", () => {
    assert.deepEqual(issuesOf(designExample()), []);
    const input = designExample();
    assert.equal(defineFromJavaScript(input), input);
  });

  it("returns the same object deep-frozen, with nothing added", () => {
    const input = designExample();
    const { layers: _layers, ...withoutLayers } = input;
    const app = defineFromJavaScript(withoutLayers);
    assert.deepEqual(Object.keys(app), ["caches"], "the default layers live in the model, not in the object");
    assert.ok(Object.isFrozen(app));
    assert.ok(Object.isFrozen(app.caches));
    assert.ok(Object.isFrozen(app.caches.user_data));
    assert.ok(Object.isFrozen(app.caches.user_data.owns));
    assert.ok(Object.isFrozen(app.caches.user_data.invalidates));
    assert.ok(Object.isFrozen(app.caches.data_cache.warm));
    assert.ok(Object.isFrozen(app.caches.data_cache.warm.prefetch));
    assert.throws(() => {
      app.caches.user_data.owns.push("x:*");
    }, TypeError);
    const withLayers = defineFromJavaScript(designExample());
    assert.ok(Object.isFrozen(withLayers.layers));
  });

  it("reports every violation of a manifest in one error, one line each", () => {
    const input = {
      layers: ["client", "edge", "server"],
      caches: {
        user_data: { primary: "clinet", owns: ["user:*"], invalidate: ["profile:*"] },
        accounts: { primary: "server", owns: ["user:*"], invalidates: ["nobody:*"] },
        video_cache: { primary: "edge", owns: ["video:*"], streaming: true, maxSize: "50 megs" },
      },
    };
    const error = (() => {
      try {
        defineFromJavaScript(input);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    assert.ok(error instanceof ManifestError);
    const messages = [
      "✗ cache 'user_data' has no field 'invalidate' — use primary, owns, value, invalidates, maxSize, ttl, grace, timeout, hardTimeout, streaming, chunkSize, warm, lifetime, exclusive, strategy or private" satisfies UnknownFieldMessage<
        "invalidate",
        "user_data"
      >,
      "✗ primary 'clinet' of cache 'user_data' is not a layer — use one of 'client', 'edge', 'server'" satisfies PrimaryNotALayerMessage<
        "'clinet'",
        "user_data",
        "'client', 'edge', 'server'"
      >,
      "✗ 'user:*' is already owned by cache 'accounts' (server) — borrow it instead" satisfies AlreadyOwnedMessage<"user:*", "accounts", "server">,
      "✗ 'user:*' is already owned by cache 'user_data' (clinet) — borrow it instead" satisfies AlreadyOwnedMessage<"user:*", "user_data", "clinet">,
      "✗ 'nobody:*' in invalidates of cache 'accounts' is owned by no cache — add a cache that owns it" satisfies UnownedTargetMessage<"nobody:*", "accounts">,
      "✗ cache 'video_cache' streams without chunkSize — add chunkSize, e.g. '1MB'" satisfies StreamingWithoutChunkSizeMessage<"video_cache">,
      "✗ maxSize '50 megs' of cache 'video_cache' is not a size — write it like '50MB' (B, KB, MB, GB)" satisfies NotASizeMessage<
        "maxSize",
        "'50 megs'",
        "video_cache"
      >,
    ];
    assert.deepEqual(
      error.issues.map((issue) => issue.message),
      messages,
    );
    assert.equal(error.message, `${messages.length} manifest rules broken:\n${messages.join("\n")}`);
    assert.deepEqual(
      error.issues.map((issue) => issue.rule),
      [
        "manifest-shape",
        "primary-is-a-layer",
        "one-owner-per-key",
        "one-owner-per-key",
        "invalidates-owned-target",
        "streaming-needs-chunk-size",
        "sizes-and-durations",
      ],
    );
    assert.equal(error.rule, "manifest-shape");
    assert.equal(error.cache, "user_data");
    assert.equal(error.field, "invalidate");
  });

  it("freezes nothing when it rejects a manifest", () => {
    const input = { caches: { a: { primary: "edge", owns: ["a:*"], streaming: true } } };
    assert.throws(() => defineFromJavaScript(input), ManifestError);
    assert.ok(!Object.isFrozen(input));
    assert.ok(!Object.isFrozen(input.caches.a));
  });
});
