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
// exit code is node's, so CI can read both. Node 20's spec reporter prints the
// "✖ failing tests:" recap after that summary, so the summary lines are held back
// and printed last; everything else streams as it comes.
import { spawn } from "node:child_process";
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

const child = spawn(
  process.execPath,
  // --test-force-exit: a file whose tests are done but which still holds a socket or timer (a test
  // bug) ends anyway instead of stalling the run; --test-timeout bounds any single test at 5 minutes.
  ["--import", "tsx", "--test", "--test-concurrency=1", "--test-force-exit", "--test-timeout=300000", "--test-reporter=spec", ...files],
  {
    cwd: root,
    stdio: ["inherit", "pipe", "inherit"],
    // The reporter only colours a terminal; ours is a pipe now.
    env: process.stdout.isTTY && !("NO_COLOR" in process.env) ? { FORCE_COLOR: "1", ...process.env } : process.env,
  },
);

// eslint-disable-next-line no-control-regex
const plain = (line) => line.replace(/\x1b\[[0-9;]*m/g, "");
const summaryStart = /^ℹ tests \d+$/;
let partial = "";
let held; // undefined until the summary starts; then every later line
const emit = (line) => {
  if (held === undefined && summaryStart.test(plain(line))) held = [];
  if (held === undefined) process.stdout.write(`${line}\n`);
  else held.push(line);
};
child.stdout.setEncoding("utf8").on("data", (chunk) => {
  const lines = (partial + chunk).split("\n");
  partial = lines.pop() ?? "";
  lines.forEach(emit);
});
child.on("error", (error) => {
  console.error(`could not start node --test: ${error.message}`);
  process.exit(1);
});
child.on("close", (code, signal) => {
  if (partial) emit(partial);
  const lines = held ?? [];
  const summaryLength = lines.findIndex((line) => !plain(line).startsWith("ℹ "));
  const summary = summaryLength === -1 ? lines : lines.slice(0, summaryLength);
  const after = summaryLength === -1 ? [] : lines.slice(summaryLength);
  while (after.length > 0 && plain(after.at(-1)).trim() === "") after.pop();
  if (after.length > 0) after.push("");
  for (const line of [...after, ...summary]) process.stdout.write(`${line}\n`);
  process.exit(code ?? (signal ? 1 : 0));
});
