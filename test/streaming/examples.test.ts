// Examples 04–07 run on their own and print what they promise (a smoke test, so they cannot rot).
// Here with the streaming tests for want of a test/examples folder owned by this part.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = async (file: string) =>
  (await promisify(execFile)(process.execPath, ["--import", "tsx", `examples/${file}`], { cwd: root, timeout: 60_000, env: { ...process.env, REDIS_URL: "" } }))
    .stdout;

describe("examples 04–07 run alone", () => {
  it("04-bandwidth: the client streams through the edge and holds nothing", async () => {
    const out = await run("04-bandwidth.ts");
    assert.match(out, /runtime twin \(streaming-reads-by-stream\): ✗ cannot get from cache 'video_cache': it streams — use stream\(key\)/);
    assert.match(out, /client streamed 4194304 bytes in 64 chunks \(largest 65536 bytes\)/);
    assert.match(out, /client store holds 0 entries/);
  });

  it("05-cold-start: the warm-up draws its bar, reports the failed row, and traffic costs one load", async () => {
    const out = await run("05-cold-start.ts");
    assert.match(out, /warming data_cache \[#{30}\] 300\/300 \(1 failed\)/);
    assert.match(out, /not warmed: 'popular:13' \(load\): row locked/);
    assert.match(out, /2,000 requests through the edge: 1 database load/);
  });

  it("06-leaks: nothing is left after 1,000 requests, half of them throwing, nor after an abort", async () => {
    const out = await run("06-leaks.ts");
    assert.match(out, /1,000 requests, 500 of them threw: request_temp holds 0 entries/);
    assert.match(out, /at the end: request_temp holds 0 entries/);
  });

  it("07-races: get-then-set loses updates, atomicUpdate ends exact", async () => {
    const out = await run("07-races.ts");
    assert.match(out, /runtime twin \(exclusive-writes-atomically\): ✗ cannot set in cache 'accounts'/);
    assert.match(out, /100 deposits through atomicUpdate: balance 100/);
    assert.doesNotMatch(out, /get-then-set:\s+balance 100 /);
  });
});
