// The engines another engineer built, wired into the layer: request scopes, streaming, warm start.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer } from "../../src/index.js";
import { app, serverLayer } from "./helpers/app.js";
import { noRouteInThisTest } from "../helpers/no-route.js";

const bytes = (text: string) => new TextEncoder().encode(text);
async function collect(stream: AsyncIterable<Uint8Array>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(new TextDecoder().decode(chunk));
  return chunks;
}

describe("request scope", () => {
  it("deletes every key set in the scope when it ends, also on throw", async () => {
    const server = serverLayer();
    const temp = server.own("request_temp");
    const result = await server.scope("request", async (req) => {
      await req.setScoped("req:1:user", { id: 1 });
      assert.deepEqual(await temp.get("req:1:user"), { id: 1 });
      return "done";
    });
    assert.equal(result, "done");
    assert.equal(await temp.get("req:1:user"), undefined);
    await assert.rejects(
      server.scope("request", async (req) => {
        await req.setScoped("req:2:user", 2);
        throw new Error("handler failed");
      }),
      /handler failed/,
    );
    assert.equal(await temp.get("req:2:user"), undefined);
  });

  it("requestScope() ends with await using", async () => {
    const server = serverLayer();
    {
      await using req = server.requestScope();
      await req.setScoped("req:3:x", 3);
      assert.equal(await server.own("request_temp").get("req:3:x"), 3);
    }
    assert.equal(await server.own("request_temp").get("req:3:x"), undefined);
  });

  it("refuses a key outside the layer's request caches", async () => {
    const server = serverLayer();
    // As JavaScript would call it: tsc refuses the key, this is its run-time twin.
    await assert.rejects(
      server.scope("request", (req) => (req as any).setScoped("data:1", 1)),
      { rule: "key-in-patterns" },
    );
  });
});

describe("streaming", () => {
  it("stores chunkSize chunks and streams them back, to the owner and to a borrower", async () => {
    const edge = createLayer(app, "edge", { remotes: { server: noRouteInThisTest } });
    const client = createLayer(app, "client", { remotes: { edge, server: noRouteInThisTest } });
    await edge.own("video_cache").putStream("video:1", [bytes("abcdefghij")]);
    assert.deepEqual(await collect(edge.own("video_cache").stream("video:1")), ["abcd", "efgh", "ij"]);
    assert.deepEqual(await collect(client.borrow("video_cache").stream("video:1")), ["abcd", "efgh", "ij"]);
  });

  it("loads a missing streaming value once from the source", async () => {
    let loads = 0;
    const edge = createLayer(app, "edge", {
      remotes: { server: noRouteInThisTest },
      sources: {
        video_cache: {
          load: async () => {
            loads++;
            return bytes("123456");
          },
        },
      },
    });
    const [a, b] = await Promise.all([collect(edge.own("video_cache").stream("video:2")), collect(edge.own("video_cache").stream("video:2"))]);
    assert.deepEqual(a, ["1234", "56"]);
    assert.deepEqual(b, ["1234", "56"]);
    assert.equal(loads, 1);
  });

  it("invalidates streamed values by key and pattern", async () => {
    const edge = createLayer(app, "edge", { remotes: { server: noRouteInThisTest } });
    await edge.own("video_cache").putStream("video:3", [bytes("xyz")]);
    await edge.invalidate("video:*");
    await assert.rejects(collect(edge.own("video_cache").stream("video:3")), /video:3/);
  });
});

describe("warm", () => {
  it("prefetches the warm.prefetch patterns from the source and reports progress", async () => {
    const popular = ["popular:1", "popular:2", "popular:3"] as const;
    const server = createLayer(app, "server", {
      sources: {
        data_cache: {
          load: async (key) => ({ key }),
          keys: async function* () {
            yield* popular;
          },
        },
      },
    });
    const phases: string[] = [];
    const result = await server.warm({ onProgress: (p) => phases.push(p.phase) });
    assert.equal(result.ok, true);
    assert.equal(result.caches[0]!.loaded, 3);
    assert.ok(phases.includes("start") && phases.includes("end"));
    for (const key of popular) assert.equal(await server.own("data_cache").has(key), true);
  });
});

describe("warm without a listing source", () => {
  it("reports the cache and layer in the result instead of skipping it silently", async () => {
    // A source without keys(), as JavaScript may pass it: tsc refuses it, warm() reports it.
    const server = serverLayer({ sources: { data_cache: { load: async (key) => ({ key }) } } });
    const result = await server.warm();
    assert.equal(result.ok, false);
    assert.match(String((result.errors[0]?.error as Error).message), /cache 'data_cache' warms on layer 'server' but its source has no keys\(pattern\)/);
  });
});
