import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { plainHandler, type PlainRequest, type PlainResponse } from "../runtime/http/plain.js";
import { headerValue } from "./header-value.js";

/** A Web-standard handler, as `serveLayer` returns (which also carries a plain form the adapter prefers). */
export type WebHandler = ((request: Request) => Promise<Response> | Response) & {
  readonly [plainHandler]?: (request: PlainRequest) => Promise<PlainResponse>;
};

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
 * Serves a Web handler on Node's own `http` server, on loopback. A `serveLayer` handler is called in its
 * plain form (no Web `Request`/`Response` objects: they cost more CPU than the read itself on Node);
 * any other handler gets each `IncomingMessage` as a `Request` (body streamed, `signal` aborted when the
 * client goes away), and its `Response` is written back
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
  const plain = handler[plainHandler];
  const server = createServer((req, res) => void (plain ? answerPlain(plain, req, res, host) : answer(handler, req, res, host)));
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
    await pipeBody(reader, res);
  } catch {
    failAnswer(res);
  }
}

/** The fast path: a `PlainRequest` over the `IncomingMessage` (its body and signal made only if asked for). */
async function answerPlain(plain: (request: PlainRequest) => Promise<PlainResponse>, req: IncomingMessage, res: ServerResponse, host: string): Promise<void> {
  const request = new NodePlainRequest(req, res, host);
  try {
    const response = await plain(request);
    const out = response.body;
    if (out === null) {
      res.writeHead(response.status, response.headers).end();
      return;
    }
    if (typeof out === "string" || out instanceof Uint8Array) {
      // A string goes to `end` as is (no copy into a Buffer), and Content-Length is added to the answer's
      // own header object (made for this answer alone) rather than to a copy of it.
      response.headers["Content-Length"] = String(typeof out === "string" ? Buffer.byteLength(out) : out.byteLength);
      res.writeHead(response.status, response.headers).end(out);
      return;
    }
    res.writeHead(response.status, response.headers);
    res.flushHeaders();
    const reader = out.getReader();
    res.on("close", () => void reader.cancel().catch(() => undefined));
    await pipeBody(reader, res);
  } catch {
    failAnswer(res);
  }
}

/** Writes a streamed body chunk by chunk, waiting for `drain` when the socket is full, then ends the answer. */
async function pipeBody(reader: ReadableStreamDefaultReader<Uint8Array>, res: ServerResponse): Promise<void> {
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    if (!res.write(next.value)) await new Promise<void>((resolve) => res.once("drain", resolve));
  }
  res.end();
}

/** A handler that threw: a 500 if nothing was sent yet, else the connection is cut (the body cannot be finished). */
function failAnswer(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" }).end('{"error":"internal error"}');
  else res.destroy();
}

/**
 * A `PlainRequest` read from Node's request in place. A class, not an object literal with getters:
 * its accessors live once on the prototype instead of being made for every request.
 */
class NodePlainRequest implements PlainRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  #body: ReadableStream<Uint8Array> | null | undefined;
  #abort: AbortController | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, host: string) {
    this.#req = req;
    this.#res = res;
    this.method = req.method ?? "GET";
    this.url = `http://${req.headers.host ?? host}${req.url ?? "/"}`;
    this.headers = new NodeHeaders(req);
  }

  get body(): ReadableStream<Uint8Array> | null {
    this.#body ??= this.method === "GET" || this.method === "HEAD" ? null : (Readable.toWeb(this.#req) as ReadableStream<Uint8Array>);
    return this.#body;
  }

  get signal(): AbortSignal {
    if (!this.#abort) {
      const abort = new AbortController();
      this.#abort = abort;
      if (this.#res.closed) abort.abort();
      else this.#res.on("close", () => abort.abort());
    }
    return this.#abort.signal;
  }
}

/** `headers.get` over Node's lower-cased header record, joining repeated headers as `Headers` does. */
class NodeHeaders {
  readonly #req: IncomingMessage;
  constructor(req: IncomingMessage) {
    this.#req = req;
  }
  get(name: string): string | null {
    return headerValue(this.#req.headers, name);
  }
}
