// A handle hovers by name, with its cache's facts (name, layer, value type, patterns, kind), not as a
// page of members with the whole manifest in them; its methods still show key and value types.
// Asked of TypeScript 5.9's language service, what editors run (7.0 has no such API yet).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const file = join(root, "test/fixtures/hover/handles.ts");

/** The quick info an editor shows at the first occurrence of `needle` in the fixture. */
function hover(needle: string): string {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, "type-tests/tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  assert.ok(config, "type-tests/tsconfig.json is readable");
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => (ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(readFileSync(name, "utf8")) : undefined),
    getCurrentDirectory: () => root,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => ts.sys.fileExists(name),
    readFile: (name) => ts.sys.readFile(name),
  };
  const text = readFileSync(file, "utf8");
  const info = ts.createLanguageService(host).getQuickInfoAtPosition(file, text.indexOf(needle));
  return ts.displayPartsToString(info?.displayParts);
}

it("handles hover as OwnedHandle/BorrowedHandle of their cache's facts, values as Cached", { timeout: 120_000 }, () => {
  assert.equal(hover("users ="), 'const users: OwnedHandle<"user_data", "client", User, readonly ["user:*"], "plain">');
  assert.equal(hover("products ="), 'const products: BorrowedHandle<"product_cache", "client", unknown, readonly ["products:*"], "edge", "plain">');
  assert.equal(hover("user ="), "const user: CachedObject<User> | undefined");
  assert.equal(
    hover("get("),
    '(property) OwnedHandle<"user_data", "client", User, readonly ["user:*"], "plain">.get: <"user:1">(key: "user:1") => Promise<CachedObject<User> | undefined>',
  );
});
