// OpenTelemetry spans of real layers, exported by the real SDK into memory: a write on the server that
// cascades to the edge over loopback HTTP is one trace (write → cascade → invalidate → the edge's drop);
// loads, remote reads and Redis calls are spans naming cache, layer and key pattern; a private cache's
// keys are never reported; an outbox replay is a span too.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { SpanKind } from "@opentelemetry/api";
import { createLayer, defineManifest, redisStore, remoteLayer, serveLayer } from "../../src/index.node.js";
import { serveNode } from "../../src/node/index.js";
import { instrumentLayer } from "../../src/otel/index.js";
import { deleteNamespace, REDIS_URL, testNamespace } from "../redis/support.js";
import { memoryTracing, parentOf } from "./otel-sdk.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "server", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
    sessions: { primary: "server", owns: ["session:*"], private: true },
  },
});

const namespaces: string[] = [];
after(async () => {
  for (const namespace of namespaces) await deleteNamespace(namespace);
});

describe("OpenTelemetry spans", () => {
  it("a write on the server cascading to the edge over loopback HTTP is one trace across both layers", async () => {
    const { tracerProvider, spans } = memoryTracing();
    const edge = createLayer(app, "edge", { sources: { profile: { load: async (key) => ({ of: key }) } } });
    const served = await serveNode(serveLayer(edge, { expose: ["profile"] }));
    const route = remoteLayer(served.url, { layer: "edge" });
    const server = createLayer(app, "server", { remotes: { edge: route } });
    const stops = [instrumentLayer(edge, { tracerProvider, metrics: false }), instrumentLayer(server, { tracerProvider, metrics: false })];
    try {
      await edge.own("profile").get("profile:1");
      await server.own("user_data").set("user:1", { name: "Ada" });
      assert.equal(await edge.own("profile").has("profile:1"), false, "the edge dropped profile:1");

      const write = spans().find((span) => span.name === "borrowcache.write")!;
      assert.ok(write, "a write span");
      const tree = spans().filter((span) => span.spanContext().traceId === write.spanContext().traceId);
      const byName = (name: string) => tree.find((span) => span.name === name)!;
      const cascade = byName("borrowcache.cascade");
      const invalidate = byName("borrowcache.invalidate");
      const drop = byName("borrowcache.drop");
      assert.equal(parentOf(cascade), write.spanContext().spanId);
      assert.equal(parentOf(invalidate), cascade.spanContext().spanId);
      assert.equal(parentOf(drop), invalidate.spanContext().spanId, "the edge's drop is a child of the server's invalidate, across HTTP");
      assert.equal(invalidate.kind, SpanKind.CLIENT);
      assert.equal(drop.kind, SpanKind.SERVER);
      assert.deepEqual(write.attributes, {
        "borrowcache.cache": "user_data",
        "borrowcache.layer": "server",
        "borrowcache.key_pattern": "user:*",
        "borrowcache.key": "user:1",
        "borrowcache.operation": "set",
      });
      assert.equal(invalidate.attributes["borrowcache.cache"], "profile");
      assert.equal(invalidate.attributes["borrowcache.owner"], "edge");
      assert.equal(invalidate.attributes["borrowcache.key_pattern"], "profile:*");
      assert.equal(drop.attributes["borrowcache.layer"], "edge");
      // The edge's load of profile:1 was its own trace.
      assert.ok(spans().some((span) => span.name === "borrowcache.load" && span.attributes["borrowcache.layer"] === "edge"));
    } finally {
      for (const stop of stops) stop();
      route.close();
      await served.close();
      await server.close();
      await edge.close();
    }
  });

  it("loads, remote reads and Redis calls are spans; a private cache's key never appears in one", async () => {
    const { tracerProvider, spans } = memoryTracing();
    const namespace = testNamespace("observe-");
    namespaces.push(namespace);
    const server = createLayer(app, "server", {
      store: redisStore(REDIS_URL, { namespace, layer: "server" }),
      sources: { user_data: { load: async (key) => ({ id: key }) }, sessions: { load: async (key) => ({ secretOf: key }) } },
      remotes: { edge: createLayer(app, "edge") },
    });
    const served = await serveNode(serveLayer(server, { expose: ["user_data"] }));
    const route = remoteLayer(served.url, { layer: "server" });
    const client = createLayer(app, "client", { remotes: { server: route, edge: createLayer(app, "edge") } });
    const stops = [instrumentLayer(server, { tracerProvider, metrics: false }), instrumentLayer(client, { tracerProvider, metrics: false })];
    try {
      await client.borrow("user_data").get("user:7");
      await server.own("sessions").get("session:alice");
      await server.own("sessions").get("session:alice");

      const remoteRead = spans().find((span) => span.name === "borrowcache.remote_read")!;
      assert.equal(remoteRead.kind, SpanKind.CLIENT);
      assert.equal(remoteRead.attributes["borrowcache.layer"], "client");
      assert.equal(remoteRead.attributes["borrowcache.owner"], "server");
      const load = spans().find((span) => span.name === "borrowcache.load" && span.attributes["borrowcache.cache"] === "user_data")!;
      assert.equal(load.spanContext().traceId, remoteRead.spanContext().traceId, "the server's load belongs to the client's read");
      const storeCalls = spans().filter((span) => span.name.startsWith("borrowcache.store."));
      assert.ok(
        storeCalls.some((span) => span.attributes["borrowcache.cache"] === "user_data"),
        "Redis calls of user_data",
      );
      const sessionSpans = spans().filter((span) => span.attributes["borrowcache.cache"] === "sessions");
      assert.ok(sessionSpans.some((span) => span.name === "borrowcache.load"));
      assert.ok(sessionSpans.some((span) => span.name.startsWith("borrowcache.store.")));
      for (const span of sessionSpans) {
        assert.equal(span.attributes["borrowcache.key_pattern"], "session:*");
        assert.equal(span.attributes["borrowcache.key"], undefined, `${span.name} names no key of a private cache`);
      }
      assert.ok(!JSON.stringify(spans().map((span) => [span.name, span.attributes, span.events])).includes("alice"), "no span mentions the private key");
    } finally {
      for (const stop of stops) stop();
      route.close();
      await served.close();
      await client.close();
      await server.close();
    }
  });

  it("an invalidation kept while the edge was away is an outbox_delivery span when it is replayed", async () => {
    const { tracerProvider, spans } = memoryTracing();
    const edge = createLayer(app, "edge");
    await edge.own("profile").set("profile:1", { v: 1 });
    let served = await serveNode(serveLayer(edge, { expose: ["profile"] }));
    const port = served.port;
    await served.close();
    const route = remoteLayer(`http://127.0.0.1:${port}/`, { layer: "edge", timeout: 2_000 });
    const server = createLayer(app, "server", { remotes: { edge: route } });
    const stop = instrumentLayer(server, { tracerProvider, metrics: false });
    try {
      await server.own("user_data").set("user:1", { name: "Ada" });
      assert.equal((await server.pending()).length, 1, "kept in the outbox");
      served = await serveNode(serveLayer(edge, { expose: ["profile"] }), { port });
      await server.flush();
      assert.equal((await server.pending()).length, 0);
      const delivery = spans().find((span) => span.name === "borrowcache.outbox_delivery")!;
      assert.ok(delivery, "an outbox_delivery span");
      assert.equal(delivery.attributes["borrowcache.owner"], "edge");
      assert.equal(delivery.attributes["borrowcache.cache"], "profile");
      assert.equal(await edge.own("profile").has("profile:1"), false);
    } finally {
      stop();
      route.close();
      await served.close();
      await server.close();
      await edge.close();
    }
  });
});
