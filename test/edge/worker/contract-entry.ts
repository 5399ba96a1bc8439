// Runs the store contract (borrowcache/test-suite's storeContract) on edgeCacheStore inside workerd: esbuild aliases
// node:test and node:assert/strict to the browser shims, and GET / answers the results as JSON.
import { edgeCacheStore } from "../../../src/runtime/stores/edge-cache.js";
import { storeContract } from "../../../src/test-suite/store-contract.js";
import { runCollected } from "../../browser/shims/node-test.js";
import { manualClock } from "../../../src/runtime/time/clock.js";

// The real Cache API behind a proxy: caches open, but every call on one rejects, as a failing backend's would.
function failingCaches(real: CacheStorage): CacheStorage {
  const fail = () => Promise.reject(new Error("Cache API unavailable (test)"));
  const failingCache = (cache: Cache): Cache =>
    new Proxy(cache, {
      get(target, property) {
        if (property === "match" || property === "put" || property === "delete" || property === "keys" || property === "add" || property === "matchAll")
          return fail;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (Function.prototype.bind.call(value, target) as unknown) : value;
      },
    });
  return new Proxy(real, {
    get(target, property) {
      if (property === "open") return async (name: string) => failingCache(await target.open(name));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (Function.prototype.bind.call(value, target) as unknown) : value;
    },
  });
}

const clock = manualClock(1_700_000_000_000);
let run = 0;
storeContract("edgeCacheStore in workerd", () => edgeCacheStore({ name: `contract-${++run}`, clock }), {
  advanceTime: (ms) => clock.advance(ms),
  makeFailingStore: () => edgeCacheStore({ name: `contract-failing-${++run}`, caches: failingCaches(caches) }),
});

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runCollected());
  },
};
