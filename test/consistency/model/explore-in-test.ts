/**
 * The explored part of the model-based checker (docs/consistency-model.md) as node:test cases: random
 * programs of gets with slow loads, sets, deletes, atomicUpdates, batch writes (setMany, deleteMany),
 * key and pattern invalidations (deleting, or marking stale: `mode: "expire"`) and cascading writes
 * (one cascade deletes, one marks stale), on five processes of one manifest reached in-process and
 * over HTTP, each under a seeded interleaving of every load, store call, bus delivery and HTTP hop,
 * checked against the reference model for G1, G2 and G6. `npm test` explores 10^5 interleavings in `PARTS` files (interleavings-1…4),
 * each with the runner's per-file time budget, each in chunks; each chunk runs in a process of its own
 * (`explore-child.ts`), out of node:test's async context tracking, which would make it 1.6 times as costly.
 *
 *   MODEL_SEED=<n>  explore from this seed (default: a new one each run, printed): part k explores the
 *                   seeds n + (k - 1) · 25000 … on, so one seed replays the whole run
 *   MODEL_RUNS=<n>  explore this many interleavings in all instead (a quick local run)
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { ChildReport } from "./explore-child.js";

/** Interleavings per `npm test` run, over all parts. */
export const REQUIRED = 100_000;
/** The files the exploration is split into. */
export const PARTS = 4;
const CHUNKS = 2;

/**
 * Registers part `part` (1…PARTS) of the exploration.
 *
 * @example
 * exploreInTest(1) // in interleavings-1.test.ts
 */
export function exploreInTest(part: number): void {
  const total = process.env["MODEL_RUNS"] === undefined ? REQUIRED : Number(process.env["MODEL_RUNS"]);
  const base = process.env["MODEL_SEED"] === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env["MODEL_SEED"]);
  const first = Math.floor((total * (part - 1)) / PARTS);
  const runs = Math.floor((total * part) / PARTS) - first;
  const seed = base + first;
  const kinds = new Set<string>();
  let explored = 0;
  let failing = 0;
  let steps = 0;
  let milliseconds = 0;
  const fingerprints = new Set<number>();

  describe(`model checker, part ${part} of ${PARTS}: ${runs} interleavings from seed ${seed} (MODEL_SEED=${base} replays it)`, () => {
    for (let chunk = 0; chunk < CHUNKS; chunk++) {
      const from = seed + Math.floor((runs * chunk) / CHUNKS);
      const count = seed + Math.floor((runs * (chunk + 1)) / CHUNKS) - from;
      it(`seeds ${from}…${from + count - 1}: every read is one the model allows (G2, G6), nothing stored outlives a later write (G1)`, async (t) => {
        const found = await exploreInChild(count, from);
        explored += found.runs;
        failing += found.failing;
        steps += found.steps;
        milliseconds += found.milliseconds;
        for (const fingerprint of found.fingerprints) fingerprints.add(fingerprint);
        const fresh = found.failures.filter((failure) => !kinds.has(failure.kind));
        for (const failure of fresh) kinds.add(failure.kind);
        t.diagnostic(`${found.runs} interleavings (${found.steps} steps) in ${(found.milliseconds / 1000).toFixed(1)} s, ${found.failing} failing`);
        const known = found.failures.length - fresh.length;
        const shown = fresh.map((failure) => `${failure.kind}\n${failure.text}`).join("\n\n");
        assert.equal(
          found.failing,
          0,
          `${found.failing} of ${found.runs} runs broke a guarantee${known > 0 ? ` (${known} kind(s) shown above)` : ""}\n\n${shown}`,
        );
      });
    }

    it(`explored ${runs} interleavings (part ${part} of ${PARTS}, ${total} in all)`, (t) => {
      t.diagnostic(
        `model checker, part ${part} of ${PARTS}: ${explored} interleavings (${fingerprints.size} distinct), ${steps} scheduled steps, ${(milliseconds / 1000).toFixed(1)} s, seeds ${seed}…${seed + runs - 1}`,
      );
      if (kinds.size > 0) t.diagnostic(`model checker, part ${part}: ${failing} failing runs of ${kinds.size} kind(s): ${[...kinds].join(" ‖ ")}`);
      assert.equal(explored, runs);
    });
  });
}

const CHILD = fileURLToPath(new URL("explore-child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Explores `count` interleavings from `seed` in a process of its own; resolves what it found. */
function exploreInChild(count: number, seed: number): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", CHILD, String(count), String(seed)],
      { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`✗ the exploration of seeds ${seed}… stopped: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as ChildReport);
      },
    );
  });
}
