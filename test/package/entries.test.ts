// The package as a user gets it: built with tsc to dist/ (declarations included), resolved through the
// exports map from another folder, on Node; and the main entry bundled for a browser without any
// Node built-in (node-redis lives behind `borrowcache/redis`, serveNode behind `borrowcache/node`).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const run = promisify(execFile);
let outDir: string;
let consumer: string;

before(
  async () => {
    const work = mkdtempSync(join(tmpdir(), "borrowcache-package-"));
    // A copy of the package whose dist/ is built here: package.json and dist only, as npm would ship.
    outDir = join(work, "borrowcache");
    mkdirSync(outDir);
    symlinkSync(join(root, "package.json"), join(outDir, "package.json"));
    symlinkSync(join(root, "node_modules"), join(outDir, "node_modules"));
    await run(
      process.execPath,
      [
        join(root, "node_modules/typescript/bin/tsc"),
        "-p",
        join(root, "tsconfig.build.json"),
        "--outDir",
        join(outDir, "dist"),
        "--declarationMap",
        "false",
        "--sourceMap",
        "false",
      ],
      { cwd: root },
    );
    consumer = join(work, "consumer");
    mkdirSync(join(consumer, "node_modules"), { recursive: true });
    symlinkSync(outDir, join(consumer, "node_modules", "borrowcache"));
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ type: "module" }));
  },
  { timeout: 300_000 },
);

after(() => rmSync(dirname(outDir), { recursive: true, force: true }));

it("builds declarations for every entry of the exports map", () => {
  for (const file of [
    "index.d.ts",
    "index.node.d.ts",
    "redis.d.ts",
    "node/index.d.ts",
    "test-suite/index.d.ts",
    "index.js",
    "index.node.js",
    "redis.js",
    "node/index.js",
    "test-suite/index.js",
    "react/index.d.ts",
    "react/index.js",
    "tanstack-query/index.d.ts",
    "tanstack-query/index.js",
  ]) {
    assert.ok(existsSync(join(outDir, "dist", file)), `dist/${file} is missing`);
  }
});

it("resolves 'borrowcache', 'borrowcache/redis', 'borrowcache/node', 'borrowcache/test-suite', 'borrowcache/react' and 'borrowcache/tanstack-query' on Node, with the names docs/design.md gives", async () => {
  const script = join(consumer, "probe.mjs");
  writeFileSync(
    script,
    `
    const main = await import("borrowcache");
    const redis = await import("borrowcache/redis");
    const node = await import("borrowcache/node");
    const suite = await import("borrowcache/test-suite");
    const react = await import("borrowcache/react");
    const query = await import("borrowcache/tanstack-query");
    console.log(JSON.stringify({
      suite: typeof suite.routeContract,
      react: ["LayerProvider", "useCached", "useSuspenseCached"].filter((n) => typeof react[n] !== "function"),
      query: ["cacheQueryOptions", "syncInvalidations"].filter((n) => typeof query[n] !== "function"),
      main: ["defineManifest", "typed", "createLayer", "memoryStore", "tieredStore", "redisStore", "redisBus", "idbStore", "broadcastBus", "serveLayer", "remoteLayer", "describe", "ManifestError", "BorrowError"].filter((n) => typeof main[n] !== "function"),
      redis: ["redisStore", "redisBus"].filter((n) => typeof redis[n] !== "function"),
      node: typeof node.serveNode,
      // On Node the main entry's remoteLayer is the one that reads over node:http.
      nodeReads: main.remoteLayer === node.remoteLayer,
    }));
  `,
  );
  const { stdout } = await run(process.execPath, [script], { cwd: consumer });
  assert.deepEqual(JSON.parse(stdout), { suite: "function", react: [], query: [], main: [], redis: [], node: "function", nodeReads: true });
});

it("bundles the main entry for a browser with no Node built-in", async () => {
  const result = await build({
    entryPoints: [join(root, "src/index.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  const text = result.outputFiles[0]?.text ?? "";
  assert.ok(text.length > 0);
  assert.doesNotMatch(text, /from\s*["']node:/, "the browser bundle imports a node: module");
});
