/**
 * `borrowcache/node`: what only Node has. `serveNode(handler)` runs a `serveLayer` handler (or any
 * Web-standard handler) on Node's own HTTP server; `toNodeMiddleware(handler)` mounts one in Express or
 * Connect. The main entry stays free of Node-only imports so it runs in browsers and workerd.
 *
 * @example
 * import { serveNode, toNodeMiddleware } from "borrowcache/node";
 * declare const expressApp: { use(middleware: unknown): void };
 * const server = await serveNode(serveLayer(edge, { expose: ["product_cache"] }), { port: 8787 });
 * expressApp.use(toNodeMiddleware(serveLayer(edge, { expose: ["product_cache"], basePath: "/cache" })));
 */
export { serveNode } from "./serve-node.js";
export type { NodeServer, WebHandler } from "./serve-node.js";
export { toNodeMiddleware, type MountableHandler, type NodeMiddleware } from "./to-node-middleware.js";
export { remoteLayer } from "./remote-layer.js";
