// The same events on node:diagnostics_channel, for tools without OpenTelemetry: layer events on their
// channels, timed calls on tracing channels, invalidation delays; a private cache's key never published.
import assert from "node:assert/strict";
import diagnostics from "node:diagnostics_channel";
import { describe, it } from "node:test";
import { createLayer, defineManifest, DiagnosticsChannel, DiagnosticsTracingChannel, publishDiagnostics } from "../../src/index.node.js";

const app = defineManifest({
  layers: ["edge", "server"],
  caches: {
    user_data: { primary: "server", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
    sessions: { primary: "server", owns: ["session:*"], private: true },
  },
});

/** Collects what `channel` publishes until the returned stop is called. */
function listen(channel: string): { messages: Record<string, unknown>[]; stop: () => void } {
  const messages: Record<string, unknown>[] = [];
  const listener = (message: unknown) => messages.push(message as Record<string, unknown>);
  diagnostics.subscribe(channel, listener);
  return { messages, stop: () => diagnostics.unsubscribe(channel, listener) };
}

describe("node:diagnostics_channel", () => {
  it("publishes layer events, timed calls and invalidation delays, naming cache, layer and key pattern", async () => {
    const edge = createLayer(app, "edge");
    const server = createLayer(app, "server", {
      remotes: { edge },
      sources: { user_data: { load: async (key) => ({ id: key }) }, sessions: { load: async () => ({ secret: 1 }) } },
    });
    const stops = [publishDiagnostics(server), publishDiagnostics(edge)];
    const misses = listen(DiagnosticsChannel.miss);
    const delays = listen(DiagnosticsChannel.invalidationDelay);
    const loads: Record<string, unknown>[] = [];
    const loadChannel = diagnostics.tracingChannel(DiagnosticsTracingChannel.load);
    const handlers = { start: (context: unknown) => loads.push(context as Record<string, unknown>), end() {}, asyncStart() {}, asyncEnd() {}, error() {} };
    loadChannel.subscribe(handlers);
    try {
      await server.own("user_data").get("user:1");
      await server.own("sessions").get("session:alice");
      await edge.own("profile").set("profile:1", 1);
      await server.own("user_data").set("user:1", { v: 2 });

      assert.deepEqual(
        misses.messages.map(({ cache, layer, keyPattern, key }) => ({ cache, layer, keyPattern, key })),
        [
          { cache: "user_data", layer: "server", keyPattern: "user:*", key: "user:1" },
          { cache: "sessions", layer: "server", keyPattern: "session:*", key: undefined },
        ],
      );
      assert.deepEqual(
        loads.map(({ cache, keyPattern, key }) => ({ cache, keyPattern, key })),
        [
          { cache: "user_data", keyPattern: "user:*", key: "user:1" },
          { cache: "sessions", keyPattern: "session:*", key: undefined },
        ],
      );
      assert.equal(delays.messages.length, 1);
      assert.deepEqual(
        { ...delays.messages[0], delayMs: typeof delays.messages[0]!.delayMs },
        {
          cache: "profile",
          layer: "server",
          owner: "edge",
          keyPattern: "profile:*",
          delayMs: "number",
          via: "direct",
        },
      );
      assert.ok(!JSON.stringify([...misses.messages, ...loads]).includes("alice"));
    } finally {
      misses.stop();
      delays.stop();
      loadChannel.unsubscribe(handlers);
      for (const stop of stops) stop();
      await server.close();
      await edge.close();
    }
  });

  it("publishes nothing once stopped", async () => {
    const server = createLayer(app, "server", { remotes: { edge: createLayer(app, "edge") } });
    const stop = publishDiagnostics(server);
    const misses = listen(DiagnosticsChannel.miss);
    try {
      stop();
      await server.own("user_data").get("user:1");
      assert.equal(misses.messages.length, 0);
    } finally {
      misses.stop();
      await server.close();
    }
  });
});
