#!/usr/bin/env node
// `npm test`: runs every test/**/*.test.ts through node:test, one file at a time.
//
// One at a time because test files start real servers (Redis clusters, miniflare,
// Chromium, loopback HTTP) that must not compete for ports or the 2 cores.
// Fixtures and helpers under test/ are not tests: only `*.test.ts` files run.
// Optional arguments keep only the files whose path contains one of them:
//   npm test -- stores redis     → test/stores/*.test.ts whose path has "stores" or "redis"
//
// The output ends with node's own summary (ℹ tests / ℹ pass / ℹ fail …) and the
// exit code is node's, so CI can read both.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const skippedDirectories = new Set(["fixtures", "helpers", "node_modules"]);

/** Every `*.test.ts` below `dir`, skipping fixture and helper folders. */
function findTestFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skippedDirectories.has(entry.name)) found.push(...findTestFiles(path));
    } else if (entry.isFile() && entry.name.endsWith(".test.ts")) {
      found.push(path);
    }
  }
  return found;
}

const filters = process.argv.slice(2);
const files = findTestFiles(join(root, "test"))
  .map((path) => relative(root, path).split(sep).join("/"))
  .filter((path) => filters.length === 0 || filters.some((filter) => path.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`no test files match ${filters.length ? filters.join(", ") : "test/**/*.test.ts"}`);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=1", "--test-reporter=spec", ...files],
  { cwd: root, stdio: "inherit" },
);
if (result.error) {
  console.error(`could not start node --test: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
