// A source lists its keys the way its database does: most clients' scans return a promise of an array
// (`keys: (pattern) => db.scan(pattern)`, as in the README), some an array, cursors an async iterable.
// layer.warm() takes each shape and warms the same keys.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer, defineManifest, memoryStore, type KeyListing } from "../../src/index.js";

const app = defineManifest({
  caches: { data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*"] } } },
});

const rows = new Map([
  ["popular:1", { id: 1 }],
  ["popular:2", { id: 2 }],
  ["data:3", { id: 3 }],
]);
const scan = (pattern: string): string[] => [...rows.keys()].filter((key) => key.startsWith(pattern.replace("*", "")));

const listings: Record<string, (pattern: string) => KeyListing> = {
  "a promise of an array": async (pattern) => scan(pattern),
  "an array": (pattern) => scan(pattern),
  "an async iterable": async function* (pattern) {
    yield* scan(pattern);
  },
};

describe("a warm source's keys(pattern)", () => {
  for (const [shape, keys] of Object.entries(listings)) {
    it(`warms every listed key when keys returns ${shape}`, async () => {
      const store = memoryStore();
      const server = createLayer(app, "server", { store, sources: { data_cache: { load: (key) => rows.get(key), keys } } });
      try {
        const result = await server.warm();
        assert.equal(result.ok, true, JSON.stringify(result.errors));
        const stored: string[] = [];
        for await (const key of store.partition("data_cache", {}).keys()) stored.push(key);
        assert.deepEqual(stored.sort(), ["popular:1", "popular:2"]);
      } finally {
        await server.close();
      }
    });
  }
});
