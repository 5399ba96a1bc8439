// Rule 13's run-time twin for schema values: a schema's output type is checked by tsc; at run time the
// value is seen at `set`, which refuses a function or a symbol with exactly the text tsc prints — read
// from the type test itself.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import * as v from "valibot";
import { z } from "zod";
import { createLayer, defineManifest, ValueError } from "../../src/index.js";

const typeTest = resolve(dirname(fileURLToPath(import.meta.url)), "../../type-tests/manifest/schema-values-survive-serialization.test-d.ts");
const [functionText, symbolText] = [...readFileSync(typeTest, "utf8").matchAll(/^\s*\/\/~ (.*)$/gm)].map((m) => m[1]);

describe("values survive serialization (rule 13) for schema values, at set", () => {
  // The manifests tsc refuses, as plain JavaScript would build them (types erased).
  const layerWith = (value: unknown) =>
    createLayer(defineManifest({ caches: { user_data: { primary: "client", owns: ["user:*"], value: value as never } } }), "client");

  it("refuses a function with the text tsc prints for '.onChange'", async () => {
    const refused = await layerWith(z.object({ id: z.number(), onChange: z.custom<() => void>() }))
      .own("user_data")
      .set("user:1", { id: 1, onChange: () => undefined } as never)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(refused instanceof ValueError, `expected a ValueError, got ${String(refused)}`);
    assert.equal(refused.message, functionText);
  });

  it("refuses a symbol with the text tsc prints for '.profile.secret'", async () => {
    const refused = await layerWith(v.object({ profile: v.object({ secret: v.symbol() }) }))
      .own("user_data")
      .set("user:2", { profile: { secret: Symbol("s") } } as never)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(refused instanceof ValueError);
    assert.equal(refused.message, symbolText);
  });
});
