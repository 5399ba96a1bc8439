// The run-time twin of "a cached Date, Map or Set is read-only" (type-tests/handles/cached-values-read-only.test-d.ts):
// `tsc` refuses each mutator on a value read from a cache, and at run time (JavaScript, casts) the
// same call throws a TypeError with exactly the text `tsc` printed. The texts are read from the type
// test, not retyped.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";
import { createLayer, defineManifest } from "../../src/index.js";

const typeTest = resolve(dirname(fileURLToPath(import.meta.url)), "../../type-tests/handles/cached-values-read-only.test-d.ts");
const texts = [...readFileSync(typeTest, "utf8").matchAll(/^\s*\/\/~ (cannot .*)$/gm)].map((m) => m[1]!);

it("each mutator tsc refuses on a cached Date, Map or Set throws the text tsc prints", async () => {
  const app = defineManifest({ caches: { profiles: { primary: "server", owns: ["profile:*"] } } });
  const profiles = createLayer(app, "server").own("profiles");
  await profiles.set("profile:1", { born: new Date(0), visits: [new Date(1)], prefs: new Map([["theme", "light"]]), tags: new Set(["a"]) });
  const profile = (await profiles.get("profile:1")) as { born: Date; visits: Date[]; prefs: Map<string, string>; tags: Set<string> };
  const calls: readonly (() => unknown)[] = [
    () => profile.born.setFullYear(2000),
    () => profile.visits[0]!.setTime(0),
    () => profile.prefs.set("theme", "dark"),
    () => profile.prefs.clear(),
    () => profile.tags.add("b"),
    () => profile.tags.delete("a"),
  ];
  assert.equal(texts.length, calls.length, "one call here for each refused mutator of the type test");
  calls.forEach((call, index) => assert.throws(call, { name: "TypeError", message: texts[index] }));
});
