/**
 * `borrowcache/node`: what only Node has. `serveNode(handler)` runs a `serveLayer` handler (or any
 * Web-standard handler) on Node's own HTTP server; the main entry stays free of Node-only imports so
 * it runs in browsers and workerd.
 *
 * @example
 * import { serveNode } from "borrowcache/node";
 * const server = await serveNode(serveLayer(edge, { expose: ["product_cache"] }), { port: 8787 });
 */
export { serveNode } from "./serve-node.js";
export type { NodeServer, WebHandler } from "./serve-node.js";
export { remoteLayer } from "./remote-layer.js";
