import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Server } from "node:net";
import { BorrowError, createLayer, serialize, serveLayer } from "../../src/index.js";
import { remoteLayer, serveNode } from "../../src/node/index.js";
import { app } from "./app.js";

// What the node:http reads must do that `fetch` did for free: follow redirects, refuse a cut body,
// survive a kept-alive connection the server dropped. The shared read suites run on both transports.

const closers: (() => unknown)[] = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

// A raw HTTP/1.1 answer with a tagged-JSON body, as serveLayer would send it.
function answer(value: unknown): string {
  const body = serialize(value);
  return `HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nX-Cache: hit\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`;
}

describe("reads over node:http", () => {
  it("follows a redirect to the owner, as fetch would", async () => {
    const edge = createLayer(app, "edge");
    await edge.own("product_cache").set("products:1", { name: "lamp" });
    const served = await serveNode(serveLayer(edge, { expose: ["product_cache"] }));
    closers.push(() => served.close());
    const redirecting = createHttpServer((req, res) => res.writeHead(307, { Location: new URL(req.url ?? "/", served.url).href }).end());
    const remote = remoteLayer(await listen(redirecting), { layer: "edge" });
    closers.push(() => remote.close());
    assert.deepEqual((await remote.read("product_cache", "products:1")).value, { name: "lamp" });
  });

  it("an answer cut before its end is a BorrowError naming layer and URL, not a shorter value", async () => {
    const cutting = createHttpServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": "100" });
      res.write('{"name":"la');
      setImmediate(() => res.destroy());
    });
    const url = await listen(cutting);
    const remote = remoteLayer(url, { layer: "edge", timeout: 2000 });
    closers.push(() => remote.close());
    await assert.rejects(
      remote.read("product_cache", "products:1"),
      (error: unknown) => error instanceof BorrowError && error.rule === "route-to-owner" && error.cause !== undefined && error.message.includes(`at '${url}'`),
    );
  });

  it("sends a read again, once, when the server reset the kept-alive connection it was sent on", async () => {
    let connections = 0;
    // Answers the first request of each connection and resets the connection at the second.
    const resetting = createNetServer((socket) => {
      connections += 1;
      let requests = 0;
      socket.on("data", (data) => {
        if (!data.includes("\r\n\r\n")) return;
        requests += 1;
        if (requests === 1) socket.write(answer({ connection: connections }));
        else socket.resetAndDestroy();
      });
    });
    const remote = remoteLayer(await listen(resetting), { layer: "edge", timeout: 2000 });
    closers.push(() => remote.close());
    assert.deepEqual((await remote.read("product_cache", "products:1")).value, { connection: 1 });
    assert.deepEqual((await remote.read("product_cache", "products:1")).value, { connection: 2 }, "the reset one was sent again on a new connection");
    assert.equal(connections, 2);
  });
});
