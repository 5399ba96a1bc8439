// The package as `npm pack` ships it, installed into a consumer project: what a user of the tarball gets.
// The repository's sources are copied to a scratch folder, `npm pack` runs there (its `prepack` builds
// dist/), and the tarball is unpacked into `consumer/node_modules/borrowcache`. Dependencies come from the
// repository's node_modules through a symlink, since tests never install from the registry.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const run = promisify(execFile);

/** What the package's tarball builds from (npm adds README, LICENSE and CHANGELOG itself). */
const packedSources = ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "tsconfig.json", "tsconfig.build.json", "src"];

/** A consumer project with the packed package installed; `remove()` deletes every file it made. */
export interface PackedConsumer {
  /** The consumer project's folder: write its files here. */
  readonly folder: string;
  /** Where the unpacked tarball lives. */
  readonly packageFolder: string;
  /** Writes a file of the consumer project (folders made as needed). */
  write(path: string, text: string): void;
  remove(): void;
}

/**
 * Packs the repository with `npm pack` and installs the tarball into a fresh consumer project.
 *
 * @example
 * const consumer = await packIntoConsumer()
 * consumer.write("main.ts", `import { createLayer } from "borrowcache"`)
 */
export async function packIntoConsumer(): Promise<PackedConsumer> {
  const work = mkdtempSync(join(tmpdir(), "borrowcache-packed-"));
  const stage = join(work, "stage");
  mkdirSync(stage);
  for (const entry of packedSources) cpSync(join(repositoryRoot, entry), join(stage, entry), { recursive: true });
  symlinkSync(join(repositoryRoot, "node_modules"), join(stage, "node_modules"));
  const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: stage, maxBuffer: 16 * 1024 * 1024 });
  const tarball = join(work, stdout.trim().split("\n").at(-1) ?? "");

  const folder = join(work, "consumer");
  const packageFolder = join(folder, "node_modules", "borrowcache");
  mkdirSync(packageFolder, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", packageFolder, "--strip-components=1"]);
  // The package's own dependencies (keyv, node-redis…), as npm would have installed them.
  symlinkSync(join(repositoryRoot, "node_modules"), join(packageFolder, "node_modules"));
  // @types/node for consumers that ask for it, nothing else of the repository's.
  mkdirSync(join(folder, "node_modules", "@types"));
  symlinkSync(join(repositoryRoot, "node_modules", "@types", "node"), join(folder, "node_modules", "@types", "node"));
  writeFileSync(join(folder, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  return {
    folder,
    packageFolder,
    write(path, text) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), text);
    },
    remove: () => rmSync(work, { recursive: true, force: true }),
  };
}
