// The benchmark's generated manifests follow the recipe of docs/type-level.md, "The benchmark manifest", so
// figures compare across runs and with the prototype's.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cacheSource, manifestSource, useSiteCaches, useSiteSource, USE_SITES } from "../../bench/types/generate.mjs";

describe("bench/types generator", () => {
  test("cache i owns k{i}:* (odd i also k{i}:meta:*), primary cycles client, edge, server", () => {
    assert.equal(cacheSource(1, 10), 'c1: { primary: "edge", owns: ["k1:*", "k1:meta:*"], invalidates: ["k2:*"] }');
    assert.equal(cacheSource(2, 10), 'c2: { primary: "server", owns: ["k2:*"], invalidates: ["k3:*"] }');
  });

  test("invalidation chains of 5; ttl every 7th, maxSize every 11th, streaming every 13th, offline_first every 17th client", () => {
    const all = Array.from({ length: 1000 }, (_, i) => cacheSource(i, 1000));
    const count = (text: string) => all.filter((source) => source.includes(text)).length;
    assert.equal(count("invalidates"), 800);
    assert.ok(!all[999]!.includes("invalidates"), "the last cache invalidates nothing");
    assert.equal(count('ttl: "30m"'), 143);
    assert.equal(count('maxSize: "50MB"'), 91);
    assert.equal(count('streaming: true, chunkSize: "1MB"'), 77);
    assert.equal(count('strategy: "offline_first"'), 20);
    assert.ok(all.filter((s) => s.includes("offline_first")).every((s) => s.includes('primary: "client"')));
    assert.equal(count("value: typed<{ id: number }>()"), 250);
  });

  test("rules goes through defineManifest, bare through a local identity with the same program", () => {
    const rules = manifestSource("rules", 10);
    const bare = manifestSource("bare", 10);
    assert.match(rules, /import \{ defineManifest, typed \} from "\.\.\/\.\.\/\.\.\/src\/index\.js";/);
    assert.match(rules, /export const app = defineManifest\(\{/);
    assert.match(bare, /import type \* as borrowcache from "\.\.\/\.\.\/\.\.\/src\/index\.js";/);
    assert.match(bare, /declare function bare<const M>\(m: M\): M;/);
    assert.equal(rules.split("\n").filter((line) => /^ {4}c\d+: /.test(line)).length, 10);
  });

  test(`the use-site file holds ${USE_SITES} own().get() calls on server caches and as many KeyOf`, () => {
    const source = useSiteSource(1000);
    const calls = [...source.matchAll(/server\.own\("c(\d+)"\)\.get\("k(\d+):x"\)/g)];
    assert.equal(calls.length, USE_SITES);
    assert.ok(calls.every(([, cache, key]) => cache === key && useSiteCaches(1000).includes(Number(cache))));
    assert.equal(new Set(calls.map(([, cache]) => cache)).size, USE_SITES, "distinct caches at 1000");
    assert.equal([...source.matchAll(/KeyOf<typeof app, "c\d+">/g)].length, USE_SITES);
  });
});
