// The hooks on a server, with react-dom/server: `useCached` renders its pending state and reads nothing;
// `useSuspenseCached` makes the stream wait for the value; no render touches a browser global or opens
// a remote owner's event feed; and each render's provider starts afresh, so nothing read for one
// request is shown to the next.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createElement, Suspense, type ReactNode } from "react";
import { renderToReadableStream, renderToString } from "react-dom/server";
import { createLayer, remoteLayer, serveLayer } from "../../src/index.js";
import { serveNode, type NodeServer } from "../../src/node/index.js";
import { LayerProvider, useCached, useSuspenseCached } from "../../src/react/index.js";
import { app, type User } from "./app.js";

const BROWSER_GLOBALS = [
  "window",
  "document",
  "indexedDB",
  "localStorage",
  "sessionStorage",
  "location",
  "navigator",
  "history",
  "self",
  "EventSource",
  "BroadcastChannel",
];

/** Runs `render` with every browser global watched (made an accessor that records its reads); returns what was read. */
async function touchedGlobals(render: () => Promise<unknown>): Promise<string[]> {
  const touched: string[] = [];
  const saved = BROWSER_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const [name, descriptor] of saved) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return (descriptor?.get ? descriptor.get.call(globalThis) : descriptor?.value) as unknown;
      },
    });
  }
  try {
    await render();
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  }
  return touched;
}

async function html(stream: ReadableStream<Uint8Array> & { allReady: Promise<void> }): Promise<string> {
  await stream.allReady;
  return new Response(stream).text();
}

describe("server rendering with react-dom/server", () => {
  const edge = createLayer(app, "edge");
  const requests: string[] = [];
  let served: NodeServer;
  let toEdge: ReturnType<typeof remoteLayer>;
  const ada: User = { name: "Ada", since: new Date("2020-01-01T00:00:00Z") };

  before(async () => {
    await edge.own("product_cache").set("products:1", { name: "lamp", price: 30 });
    const handler = serveLayer(edge, { expose: ["product_cache"] });
    served = await serveNode(async (request) => {
      requests.push(new URL(request.url).pathname);
      return handler(request);
    });
    toEdge = remoteLayer(served.url, { layer: "edge" });
  });
  after(async () => {
    toEdge.close();
    await served.close();
  });

  /** What a server renders for each request: a client layer of its own (users from a source), borrowing products from the edge. */
  function requestLayer() {
    return createLayer(app, "client", { remotes: { edge: toEdge }, sources: { user_data: { load: async () => ada } } });
  }

  function Product(): ReactNode {
    const { data, isStale } = useSuspenseCached(client.borrow("product_cache"), "products:1");
    return createElement("p", null, `${data?.name}: ${data?.price} cents${isStale ? " (stale)" : ""}`);
  }
  function Greeting(): ReactNode {
    const { data, status } = useCached(client.own("user_data"), "user:1");
    return createElement("p", null, status === "pending" ? "loading…" : `Hello ${data?.name}`);
  }
  let client = requestLayer();
  const page = (layer = client) =>
    createElement(
      LayerProvider,
      { layer, remotes: { edge: toEdge } },
      createElement(Greeting),
      createElement(Suspense, { fallback: "…" }, createElement(Product), createElement(Product)),
    );

  it("useCached renders its pending state and reads nothing; useSuspenseCached makes the stream wait for the value, read once for two components", async () => {
    client = requestLayer();
    let misses = 0;
    client.on("miss", () => misses++);
    requests.length = 0;
    const text = await html(await renderToReadableStream(page()));
    assert.match(text, /<p>loading…<\/p>/);
    assert.equal(text.match(/<p>lamp: 30 cents<\/p>/g)?.length, 2);
    assert.equal(misses, 0, "useCached read nothing on the server");
    assert.deepEqual(requests, ["/c/product_cache"], "one read at the edge for two components, and no event feed opened");
  });

  it("no render touches a browser global", async () => {
    client = requestLayer();
    const touched = await touchedGlobals(async () => {
      renderToString(page());
      await html(await renderToReadableStream(page()));
    });
    assert.deepEqual(touched, []);
  });

  it("each render's provider reads afresh: a write between two requests shows in the second", async () => {
    client = requestLayer();
    assert.match(await html(await renderToReadableStream(page())), /lamp: 30 cents/);
    await edge.own("product_cache").set("products:1", { name: "lamp", price: 25 });
    assert.match(await html(await renderToReadableStream(page())), /lamp: 25 cents/);
  });

  it("a hook with no LayerProvider of its handle's layer above it fails, naming the layer to provide", () => {
    const edgeLayer = createLayer(app, "edge");
    function Orphan(): ReactNode {
      useCached(edgeLayer.own("product_cache"), "products:1");
      return null;
    }
    assert.throws(() => renderToString(createElement(LayerProvider, { layer: client }, createElement(Orphan))), {
      message:
        "✗ useCached('products:1') reads cache 'product_cache' of layer 'edge', but no LayerProvider of that layer is above it (providers: 'client') — wrap the tree in <LayerProvider layer={…}> of layer 'edge'",
    });
  });
});
