// A library (or a monorepo package) that exports its manifest, a layer and handles compiles with
// `declaration: true` against the package as npm ships it, on every supported compiler, and the .d.ts
// it emits names only what `borrowcache` exports (OwnedHandle, BorrowedHandle, CachedObject, …):
// no TS2742/TS2883 "cannot be named without a reference to …/dist/types/handles/keys.js", no TS4023
// for a brand symbol. The expected .d.ts is checked in beside the module.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { COMPILERS, tscPath } from "../../scripts/type-tests/compilers.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const fixture = join(root, "test/fixtures/declaration-emit");
const run = promisify(execFile);
let work: string;

before(
  async () => {
    work = mkdtempSync(join(tmpdir(), "borrowcache-declarations-"));
    // The package as npm ships it (package.json and dist/), declarations only: that is all a consumer's tsc reads.
    const packageDir = join(work, "borrowcache");
    mkdirSync(packageDir);
    symlinkSync(join(root, "package.json"), join(packageDir, "package.json"));
    symlinkSync(join(root, "node_modules"), join(packageDir, "node_modules"));
    const build = ["-p", join(root, "tsconfig.build.json"), "--outDir", join(packageDir, "dist"), "--emitDeclarationOnly", "--declarationMap", "false"];
    await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), ...build, "--sourceMap", "false"], { cwd: root, maxBuffer: 1 << 24 });
    const consumer = join(work, "consumer");
    mkdirSync(join(consumer, "node_modules"), { recursive: true });
    symlinkSync(packageDir, join(consumer, "node_modules", "borrowcache"));
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ type: "module" }));
    copyFileSync(join(fixture, "handles.ts"), join(consumer, "handles.ts"));
  },
  { timeout: 300_000 },
);

after(() => rmSync(work, { recursive: true, force: true }));

describe("a module exporting a manifest, a layer and handles emits a clean .d.ts", () => {
  for (const compiler of COMPILERS) {
    it(`on TypeScript ${compiler.name}`, { timeout: 120_000 }, async () => {
      const consumer = join(work, "consumer");
      const outDir = `out-${compiler.name}`;
      const config = {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2022", "ESNext.Disposable", "DOM", "DOM.Iterable"],
          types: ["node"],
          typeRoots: [join(root, "node_modules/@types")],
          strict: true,
          skipLibCheck: true,
          declaration: true,
          emitDeclarationOnly: true,
          outDir,
        },
        files: ["handles.ts"],
      };
      const project = join(consumer, `tsconfig.${compiler.name}.json`);
      writeFileSync(project, JSON.stringify(config));
      const errors = await run(process.execPath, [tscPath(root, compiler), "-p", project, "--pretty", "false"], { cwd: consumer }).then(
        () => "",
        (error: { stdout?: string; message: string }) => error.stdout || error.message,
      );
      assert.equal(errors, "", `tsc ${compiler.name} refused the module:\n${errors}`);
      const emitted = readFileSync(join(consumer, outDir, "handles.d.ts"), "utf8");
      assert.equal(emitted, readFileSync(join(fixture, "handles.d.ts"), "utf8"));
    });
  }
});
