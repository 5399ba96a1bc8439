import { remoteLayer as fetchRemoteLayer } from "../../src/index.js";
import { remoteLayer as nodeRemoteLayer } from "../../src/index.node.js";

// The two ways a borrower's reads travel: `fetch` (what `borrowcache` gives browsers and workers, and
// any caller passing `fetch`) and `node:http` (what `borrowcache` exports on Node). Suites that read
// over HTTP run on both.
export const transports = [
  ["fetch", fetchRemoteLayer],
  ["node:http", nodeRemoteLayer],
] as const;
