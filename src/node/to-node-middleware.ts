import type { IncomingMessage, ServerResponse } from "node:http";
import { errorResponse } from "../runtime/http/responses.js";
import { answerNode, writePlain, type WebHandler } from "./answer-node.js";
import { headerProblem, originOf, requestTarget } from "./request-target.js";

/** An Express/Connect-style middleware: answers a request, or passes it on with `next()`. */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** A handler that can say which paths are its own, as a `serveLayer` handler does (`handles`). */
export type MountableHandler = WebHandler & { readonly handles?: ((path: string) => boolean) | undefined };

/**
 * Mounts a Web handler in Express, Connect or any `(req, res, next)` stack: a request for one of the
 * handler's own routes (`handler.handles(path)`: under its `basePath`) is answered here, streamed as
 * `serveNode` streams (event feeds and framed values chunk by chunk), and every other request goes on
 * to `next()`. The path is the request line's (`req.originalUrl`, which Express keeps whole under a
 * mount path), never the `Host` header. A handler without `handles` answers everything.
 *
 * A body parser mounted before it (`express.json()`) has already read the body: the parsed `req.body`
 * is sent on to the handler instead.
 *
 * @example
 * import express from "express";
 * import { toNodeMiddleware } from "borrowcache/node";
 * const app = express();
 * app.use(toNodeMiddleware(serveLayer(edge, { expose: ["product_cache"], basePath: "/cache" })));
 */
export function toNodeMiddleware(handler: MountableHandler): NodeMiddleware {
  return (req, res, next) => {
    const target = requestTarget((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? "/");
    if (target.kind !== "path" || (handler.handles !== undefined && !handler.handles(pathOf(target.pathAndQuery)))) {
      next();
      return;
    }
    const problem = headerProblem(req);
    if (problem !== undefined) {
      writePlain(res, errorResponse(400, problem)).catch(next);
      return;
    }
    const origin = originOf(req.socket.localAddress, req.socket.localPort);
    void answerNode(handler, req, res, `${origin}${target.pathAndQuery}`, (error) => {
      // Nothing sent yet: the framework's error handling answers; else the answer cannot be finished.
      if (res.headersSent) res.destroy();
      else next(error);
    });
  };
}

function pathOf(pathAndQuery: string): string {
  const end = pathAndQuery.search(/[?#]/);
  return end < 0 ? pathAndQuery : pathAndQuery.slice(0, end);
}
