/**
 * The main entry as Node resolves it (the `node` export condition): everything of `borrowcache`, plus
 * what only Node can run — Redis (`borrowcache/redis`) and `serveNode` (`borrowcache/node`) — so that
 * `import { createLayer, redisStore } from "borrowcache"` works on a server (docs/design.md#entry-points).
 * Browsers and workerd get `index.ts`, which never reaches node-redis.
 */
export * from "./index.js";
export * from "./redis.js";
export * from "./node/index.js";
// Named here, so it wins over the star export of the same name from `./index.js`: reads over node:http.
export { remoteLayer } from "./node/remote-layer.js";
