// What an editor completes inside a manifest and at `own`/`borrow`/`follow`: the choices (layers,
// field names, cache names and owned patterns), not only the error message — while a wrong value
// still gets its message (type-tests/manifest/completions.test-d.ts). Asked of the language
// service of every supported TypeScript: 5.4, 5.9 and 6.0 through `createLanguageService`, 7.0
// through its native `typescript/unstable/sync` API.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { COMPILERS } from "../../scripts/type-tests/compilers.js";
import { completionsAt } from "./helpers/completions.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

const fixture = `
import { defineManifest, type Layer } from "../../src/index.js";
const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"] },
    data_cache: { primary: "server", owns: ["data:*", "popular:*"] },
    feed: { primary: "edge", owns: ["feed:*"], ‸ },
    draft: { primary: "‸", owns: ["draft:*"] },
  },
});
const custom = defineManifest({ layers: ["browser", "origin"], caches: { pages: { primary: "‸", owns: ["page:*"] } } });
declare const client: Layer<typeof app, "client">;
declare const server: Layer<typeof app, "server">;
client.own("‸");
server.own("‸");
client.borrow("‸");
server.follow("‸");
export { custom };
`;

const unknownName = "✗ '' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns";
const allNames = ["user_data", "data_cache", "feed", "draft", "user:*", "data:*", "popular:*", "feed:*", "draft:*"];

/** What each cursor must offer: exactly these, in any order. */
const expected: readonly { readonly at: string; readonly offers: readonly string[] }[] = [
  {
    at: "a new field in a cache",
    offers: [
      "value",
      "validate",
      "version",
      "invalidates",
      "maxSize",
      "ttl",
      "grace",
      "timeout",
      "hardTimeout",
      "streaming",
      "chunkSize",
      "warm",
      "lifetime",
      "exclusive",
      "strategy",
      "private",
    ],
  },
  { at: 'primary: ""', offers: ["client", "edge", "server", "✗ primary '' of cache 'draft' is not a layer — use one of 'client', 'edge', 'server'"] },
  {
    at: 'primary: "" with layers browser, origin',
    offers: ["browser", "origin", "✗ primary '' of cache 'pages' is not a layer — use one of 'browser', 'origin'"],
  },
  { at: 'client.own("")', offers: ["user_data", "user:*", unknownName] },
  { at: 'server.own("")', offers: ["data_cache", "data:*", "popular:*", unknownName] },
  { at: 'client.borrow("")', offers: [...allNames, unknownName] },
  { at: 'server.follow("")', offers: [...allNames, unknownName] },
];

describe("editor completions in a manifest and at own/borrow/follow", () => {
  for (const compiler of COMPILERS) {
    test(`TypeScript ${compiler.name} offers the choices`, { timeout: 120_000 }, async () => {
      const offered = await completionsAt(root, compiler.packageName, fixture);
      assert.equal(offered.length, expected.length);
      expected.forEach(({ at, offers }, index) => {
        assert.deepEqual([...new Set(offered[index])].sort(), [...offers].sort(), `at ${at}`);
      });
    });
  }
});
