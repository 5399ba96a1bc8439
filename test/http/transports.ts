import { remoteLayer as fetchRemoteLayer } from "../../src/runtime/http/remote-layer.js";
import { remoteLayer as nodeRemoteLayer } from "../../src/node/remote-layer.js";

// The two ways a borrower's reads travel: `fetch` (browsers, workers, and any caller passing `fetch`)
// and `node:http` (what `borrowcache` exports on Node). Suites that read over HTTP run on both.
export const transports = [
  ["fetch", fetchRemoteLayer],
  ["node:http", nodeRemoteLayer],
] as const;
