// Rule 13's run-time twin: `typed<T>()` is a phantom, so the run time sees a value only at `set`.
// There it must refuse a function or a symbol with exactly the text `tsc` prints for the same path —
// the texts are read from the type test itself, not retyped here.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createLayer, defineManifest, ValueError } from "../../src/index.js";

const typeTest = resolve(dirname(fileURLToPath(import.meta.url)), "../../type-tests/manifest/values-survive-serialization.test-d.ts");
const [functionText, symbolText] = [...readFileSync(typeTest, "utf8").matchAll(/^\s*\/\/~ (.*)$/gm)].map((m) => m[1]);

describe("values survive serialization (rule 13) at set", () => {
  const app = defineManifest({ caches: { user_data: { primary: "client", owns: ["user:*"] } } });
  const users = createLayer(app, "client").own("user_data");

  it("refuses a function with the text tsc prints for '.onChange', and stores nothing", async () => {
    await users.set("user:1", { id: 1 });
    const refused = await users.set("user:1", { id: 1, onChange: () => undefined }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof ValueError, `expected a ValueError, got ${String(refused)}`);
    assert.equal(refused.message, functionText);
    assert.equal(refused.key, "user:1");
    assert.deepEqual(await users.get("user:1"), { id: 1 });
  });

  it("refuses a symbol with the text tsc prints for '.profile.secret'", async () => {
    const refused = await users.set("user:2", { profile: { secret: Symbol("s") } }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof ValueError);
    assert.equal(refused.message, symbolText);
    assert.equal(await users.has("user:2"), false);
  });
});
