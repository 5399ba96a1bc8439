import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/** A Web-standard handler, as `serveLayer` returns. */
export type WebHandler = (request: Request) => Promise<Response> | Response;

/** A running loopback server. */
export interface NodeServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops listening and cuts every open connection (event feeds included). */
  close(): Promise<void>;
}

/**
 * Serves a Web handler on Node's own `http` server, on loopback: turns each `IncomingMessage` into a
 * `Request` (body streamed, `signal` aborted when the client goes away) and writes the `Response` back
 * chunk by chunk with backpressure for streams (event feeds, framed values; headers flushed first so a
 * feed starts at once) and in one write otherwise.
 *
 * @example
 * const server = await serveNode(serveLayer(edge, { expose: ["product_cache"] }))
 * await fetch(`${server.url}c/product_cache?key=products%3A1`)
 * await server.close()
 */
export async function serveNode(handler: WebHandler, options: { port?: number; host?: string } = {}): Promise<NodeServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => void answer(handler, req, res, host));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(handler: WebHandler, req: IncomingMessage, res: ServerResponse, host: string): Promise<void> {
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host ?? host}${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers,
      signal: abort.signal,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
    } as RequestInit);
    const response = await handler(request);
    const outHeaders: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      outHeaders[name] = value;
    });
    if (!response.body) {
      res.writeHead(response.status, outHeaders).end();
      return;
    }
    const type = response.headers.get("Content-Type") ?? "";
    if (!type.startsWith("text/event-stream") && !type.startsWith("application/vnd.borrowcache.frames")) {
      // A whole value: one write with a Content-Length is far cheaper than pumping a stream reader.
      const body = Buffer.from(await response.arrayBuffer());
      outHeaders["content-length"] = String(body.byteLength);
      res.writeHead(response.status, outHeaders).end(body);
      return;
    }
    res.writeHead(response.status, outHeaders);
    res.flushHeaders();
    const reader = response.body.getReader();
    abort.signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined));
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      if (!res.write(next.value)) await new Promise<void>((resolve) => res.once("drain", resolve));
    }
    res.end();
  } catch {
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" }).end('{"error":"internal error"}');
    else res.destroy();
  }
}
