// The declarations of the packed tarball, as a consumer's tsc reads them:
// - every supported compiler (TypeScript 5.4, 5.9, 6.0, 7.0) accepts them with `skipLibCheck: false`,
//   which is what a project that checks its libraries does (type-fest's entry point broke 5.4);
// - each export condition has its own declarations: a browser or workerd project under
//   `moduleResolution: bundler` sees the main entry without Node-only names (they would type-check and
//   then fail in the bundler), a Node project sees them.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { join } from "node:path";
import { COMPILERS, findCompiler, tscPath, type Compiler } from "../../scripts/type-tests/compilers.js";
import { packIntoConsumer, repositoryRoot, run, type PackedConsumer } from "../helpers/packed-package.js";

let consumer: PackedConsumer;

before(
  async () => {
    consumer = await packIntoConsumer();
  },
  { timeout: 300_000 },
);
after(() => consumer?.remove());

/** The names only the Node build of the main entry has (Redis, node:http). */
const nodeOnlyNames = ["redisStore", "redisBus", "RedisStore", "serveNode"];

/** Runs one compiler on one consumer tsconfig; returns its diagnostics, one per line ("" when clean). */
async function check(compiler: Compiler, project: string): Promise<string> {
  try {
    await run(process.execPath, [tscPath(repositoryRoot, compiler), "-p", join(consumer.folder, project), "--pretty", "false"], {
      cwd: consumer.folder,
      maxBuffer: 16 * 1024 * 1024,
    });
    return "";
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ""}${stderr ?? ""}`.trim() || String(error);
  }
}

function writeProject(name: string, compilerOptions: Record<string, unknown>, file: string): string {
  const project = `tsconfig.${name}.json`;
  consumer.write(
    project,
    JSON.stringify({
      compilerOptions: { target: "ES2022", strict: true, noEmit: true, lib: ["ES2022", "DOM", "DOM.Iterable"], types: [], ...compilerOptions },
      files: [file],
    }),
  );
  return project;
}

describe("with skipLibCheck false", () => {
  before(() => {
    // Every public entry, the README's server shape included, so every declaration file is read.
    consumer.write(
      "server.ts",
      `import { createLayer, defineManifest, typed, memoryStore, tieredStore, redisStore, redisBus } from "borrowcache";
import { redisStore as redisStoreAgain } from "borrowcache/redis";
import { serveNode } from "borrowcache/node";
import { routeContract } from "borrowcache/test-suite";
import { LayerProvider } from "borrowcache/react";
import { cacheQueryOptions } from "borrowcache/tanstack-query";

interface User { name: string; tags: string[] }
export const app = defineManifest({
  caches: { user_data: { primary: "server", owns: ["user:*"], value: typed<User>() } },
});
export const server = createLayer(app, "server", {
  store: tieredStore(memoryStore({ maxSize: "20MB" }), redisStore("redis://127.0.0.1:6379")),
  bus: redisBus("redis://127.0.0.1:6379"),
});
export const user = await server.own("user_data").get("user:1");
export const used = [redisStoreAgain, serveNode, routeContract, LayerProvider, cacheQueryOptions];
`,
    );
    writeProject("strict-libs", { module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], skipLibCheck: false }, "server.ts");
  });

  for (const compiler of COMPILERS) {
    it(`TypeScript ${compiler.name} checks the packed declarations without an error`, { timeout: 120_000 }, async () => {
      assert.equal(await check(compiler, "tsconfig.strict-libs.json"), "");
    });
  }
});

describe("each export condition has its own declarations", () => {
  before(() => {
    consumer.write(
      "node-names.ts",
      `import { createLayer, idbStore, ${nodeOnlyNames.join(", ")} } from "borrowcache";\nexport const used = [createLayer, idbStore, ${nodeOnlyNames.join(", ")}];\n`,
    );
    const bundler = { module: "ESNext", moduleResolution: "bundler", skipLibCheck: true };
    writeProject("browser", { ...bundler, customConditions: ["browser"] }, "node-names.ts");
    writeProject("workerd", { ...bundler, customConditions: ["workerd"] }, "node-names.ts");
    writeProject("bundler", bundler, "node-names.ts");
    writeProject("node", { module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], skipLibCheck: true }, "node-names.ts");
  });

  for (const project of ["browser", "workerd", "bundler"]) {
    for (const compiler of [findCompiler("5.4"), findCompiler("7.0")]) {
      it(
        `refuses Node-only names from 'borrowcache' under moduleResolution bundler (${project}), TypeScript ${compiler.name}`,
        { timeout: 120_000 },
        async () => {
          const output = await check(compiler, `tsconfig.${project}.json`);
          const missing = nodeOnlyNames.filter((name) => new RegExp(`has no exported member (named )?'${name}'`).test(output));
          assert.deepEqual(missing, nodeOnlyNames, output);
          assert.doesNotMatch(output, /'createLayer'|'idbStore'/, output);
        },
      );
    }
  }

  for (const compiler of [findCompiler("5.4"), findCompiler("7.0")]) {
    it(`gives Node resolution the Node-only names, TypeScript ${compiler.name}`, { timeout: 120_000 }, async () => {
      assert.equal(await check(compiler, "tsconfig.node.json"), "");
    });
  }
});
