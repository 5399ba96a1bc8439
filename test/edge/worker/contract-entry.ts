// Runs the store contract (test/stores/contract.ts) on edgeCacheStore inside workerd: esbuild aliases
// node:test and node:assert/strict to the browser shims, and GET / answers the results as JSON.
import { edgeCacheStore } from "../../../src/runtime/stores/edge-cache.js";
import { runStoreContract } from "../../stores/contract.js";
import { runCollected } from "../../browser/shims/node-test.js";

let now = 1_700_000_000_000;
let run = 0;
runStoreContract("edgeCacheStore in workerd", () => edgeCacheStore({ name: `contract-${++run}`, now: () => now }), {
  advanceTime: (ms) => {
    now += ms;
  },
  makeFailingStore: () => edgeCacheStore({ caches: { open: () => Promise.reject(new Error("Cache API unavailable (test)")) } as unknown as CacheStorage }),
});

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runCollected());
  },
};
