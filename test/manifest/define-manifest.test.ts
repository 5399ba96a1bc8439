import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ManifestError } from "../../src/runtime/errors.js";
import { defineManifestRuntime } from "../../src/runtime/model/define-manifest.js";
import { validateManifest } from "../../src/runtime/model/validate-manifest.js";
import {
  alreadyOwnedMessage,
  notASizeMessage,
  primaryNotALayerMessage,
  streamingWithoutChunkSizeMessage,
  unknownFieldMessage,
  unownedTargetMessage,
} from "../../src/runtime/messages/manifest.js";
import { designExample } from "./design-example.js";

describe("defineManifestRuntime", () => {
  it("accepts the manifest of DESIGN.md §1", () => {
    assert.deepEqual(validateManifest(designExample()), []);
    const input = designExample();
    assert.equal(defineManifestRuntime(input), input);
  });

  it("returns the same object deep-frozen, with nothing added", () => {
    const input = designExample();
    const { layers: _layers, ...withoutLayers } = input;
    const app = defineManifestRuntime(withoutLayers);
    assert.deepEqual(Object.keys(app), ["caches"], "the default layers live in the model, not in the object");
    assert.ok(Object.isFrozen(app));
    assert.ok(Object.isFrozen(app.caches));
    assert.ok(Object.isFrozen(app.caches.user_data));
    assert.ok(Object.isFrozen(app.caches.user_data.owns));
    assert.ok(Object.isFrozen(app.caches.user_data.invalidates));
    assert.ok(Object.isFrozen(app.caches.data_cache.warm));
    assert.ok(Object.isFrozen(app.caches.data_cache.warm.prefetch));
    assert.throws(() => {
      (app.caches.user_data.owns as string[]).push("x:*");
    }, TypeError);
    const withLayers = defineManifestRuntime(designExample());
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
        defineManifestRuntime(input);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    assert.ok(error instanceof ManifestError);
    const messages = [
      unknownFieldMessage("invalidate", "user_data"),
      primaryNotALayerMessage("'clinet'", "user_data", "'client', 'edge', 'server'"),
      alreadyOwnedMessage("user:*", "accounts", "server"),
      alreadyOwnedMessage("user:*", "user_data", "clinet"),
      unownedTargetMessage("nobody:*", "accounts"),
      streamingWithoutChunkSizeMessage("video_cache"),
      notASizeMessage("maxSize", "'50 megs'", "video_cache"),
    ];
    assert.deepEqual(error.issues.map((issue) => issue.message), messages);
    assert.equal(error.message, `${messages.length} manifest rules broken:\n${messages.join("\n")}`);
    assert.deepEqual(
      error.issues.map((issue) => issue.rule),
      ["manifest-shape", "primary-is-a-layer", "one-owner-per-key", "one-owner-per-key", "invalidates-owned-target", "streaming-needs-chunk-size", "sizes-and-durations"],
    );
    assert.equal(error.rule, "manifest-shape");
    assert.equal(error.cache, "user_data");
    assert.equal(error.field, "invalidate");
  });

  it("freezes nothing when it rejects a manifest", () => {
    const input = { caches: { a: { primary: "edge", owns: ["a:*"], streaming: true } } };
    assert.throws(() => defineManifestRuntime(input), ManifestError);
    assert.ok(!Object.isFrozen(input));
    assert.ok(!Object.isFrozen(input.caches.a));
  });
});
