// Installs borrowcache the way a user gets it: builds dist/, packs the tarball with `npm pack`
// and unpacks it as bench/types/.generated/node_modules/borrowcache, so the `package` cases
// compile the published .d.ts files (with `skipLibCheck: false`, as a user's project may).
// Its dependencies (type-fest, keyv, …) resolve from the repository's node_modules, further up.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATED_DIR } from "./generate.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Builds, packs and installs the package below `dir`; returns the installed folder.
 *
 * @example
 * installPackedTarball()
 * //=> "/repo/bench/types/.generated/node_modules/borrowcache"
 */
export function installPackedTarball(dir = GENERATED_DIR) {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  const scratch = mkdtempSync(join(tmpdir(), "borrowcache-pack-"));
  try {
    const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", scratch], { cwd: root, encoding: "utf8" }).trim().split("\n").pop();
    const target = join(dir, "node_modules", "borrowcache");
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    execFileSync("tar", ["xzf", join(scratch, tarball), "-C", target, "--strip-components", "1"]);
    return target;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
