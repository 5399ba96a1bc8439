import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { errorResponse, notFound } from "../runtime/http/responses.js";
import { answerNode, writePlain, type WebHandler } from "./answer-node.js";
import { headerProblem, originOf, requestTarget } from "./request-target.js";

export type { WebHandler } from "./answer-node.js";

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
 * Serves a Web handler (`serveLayer`'s, a Hono app's `fetch`, any `Request → Response` function) on
 * Node's own `http` server, on loopback. The route is the request line's alone: each request's URL is
 * built from this server's own address and the request target, never from the `Host` header, which is
 * only checked to be well-formed (400 otherwise, as for a malformed target; `OPTIONS *` is a 404).
 * A `serveLayer` handler is called in its plain form; see `answerNode` for how answers are written.
 *
 * @example
 * const server = await serveNode(serveLayer(edge, { expose: ["product_cache"] }))
 * await fetch(`${server.url}c/product_cache?key=products%3A1`)
 * await server.close()
 */
export async function serveNode(handler: WebHandler, options: { port?: number; host?: string } = {}): Promise<NodeServer> {
  const host = options.host ?? "127.0.0.1";
  let origin = originOf(undefined, undefined); // set once listening, before any request can arrive
  const server = createServer((req, res) => serveRequest(handler, req, res, origin));
  // CONNECT asks for a tunnel: a served layer is no proxy.
  server.on("connect", (_req: IncomingMessage, socket: Duplex) => {
    socket.end("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, POST, OPTIONS\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = originOf(host, port);
  return {
    url: `${origin}/`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function serveRequest(handler: WebHandler, req: IncomingMessage, res: ServerResponse, origin: string): void {
  const target = requestTarget(req.url ?? "/");
  if (target.kind !== "path") {
    const refusal =
      target.kind === "server" && req.method === "OPTIONS" ?
        notFound()
      : errorResponse(400, target.kind === "malformed" ? target.reason : "malformed request target");
    void writePlain(res, refusal).catch(() => res.destroy());
    return;
  }
  const problem = headerProblem(req);
  if (problem !== undefined) {
    void writePlain(res, errorResponse(400, problem)).catch(() => res.destroy());
    return;
  }
  void answerNode(handler, req, res, `${origin}${target.pathAndQuery}`, () => failAnswer(res));
}

/** A handler that threw: a 500 if nothing was sent yet, else the connection is cut (the body cannot be finished). */
function failAnswer(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" }).end('{"error":"internal error"}');
  else res.destroy();
}
