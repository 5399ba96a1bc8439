// The run-time twin of "a layer that owns a warm cache needs a source that lists its keys": `tsc`
// rejects the layer; at run time (JavaScript, casts) the layer still serves reads and writes, and
// `layer.warm()` reports the missing source in its result with the same text — never a throw or an
// unhandled rejection. The texts are read from the type test, not retyped.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";
import { createLayer, defineManifest } from "../../src/index.js";

const typeTest = resolve(dirname(fileURLToPath(import.meta.url)), "../../type-tests/handles/warm-needs-a-listing-source.test-d.ts");
const [noSourceText] = [...readFileSync(typeTest, "utf8").matchAll(/^\s*\/\/~ (.*)$/gm)].map((m) => m[1]);

const app = defineManifest({
  caches: { data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*"] } } },
});

it("warm() of a layer created without the warm cache's source reports the text tsc prints", async () => {
  const server = (createLayer as (...args: unknown[]) => ReturnType<typeof createLayer<typeof app, "server">>)(app, "server");
  const result = await server.warm();
  assert.equal(result.ok, false);
  const messages = result.errors.map((failure) => (failure.error as Error).message);
  assert.deepEqual(messages, [noSourceText]);
  await server.close();
});
