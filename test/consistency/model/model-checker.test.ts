// The model-based checker (docs/consistency-model.md): random programs of gets with slow loads, sets,
// deletes, atomicUpdates, key and pattern invalidations and cascading writes, on five processes of one
// manifest reached in-process and over HTTP, each under a seeded interleaving of every load, store call,
// bus delivery and HTTP hop, checked against the reference model for G1, G2 and G6. At least 10^5
// interleavings per run, in chunks (each a test, well inside the runner's per-test timeout).
//
//   MODEL_SEED=<n>  explore from this seed (default: a new one each run, printed)
//   MODEL_RUNS=<n>  explore this many interleavings instead (a quick local run)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { explore, printFailure, signatureOf } from "./explore.js";
import type { RunResult } from "./run-program.js";

const REQUIRED = 100_000;
const runs = process.env["MODEL_RUNS"] === undefined ? REQUIRED : Number(process.env["MODEL_RUNS"]);
const seed = process.env["MODEL_SEED"] === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env["MODEL_SEED"]);
const CHUNKS = 10;

describe(`model checker — ${runs} interleavings from seed ${seed} (MODEL_SEED=${seed} replays this run)`, () => {
  const fingerprints = new Set<number>();
  const kinds = new Map<string, RunResult>();
  let explored = 0;
  let failing = 0;
  let steps = 0;
  let milliseconds = 0;

  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const from = Math.floor((runs * chunk) / CHUNKS);
    const count = Math.floor((runs * (chunk + 1)) / CHUNKS) - from;
    it(`seeds ${seed + from}…${seed + from + count - 1}: every read is one the model allows (G2, G6), nothing stored outlives a later write (G1)`, async (t) => {
      const found = await explore(count, seed + from, { fingerprints });
      explored += found.runs;
      failing += found.failing;
      steps += found.steps;
      milliseconds += found.milliseconds;
      const fresh = found.failures.filter((result) => !kinds.has(signatureOf(result)));
      for (const result of fresh) kinds.set(signatureOf(result), result);
      t.diagnostic(`${found.runs} interleavings (${found.steps} steps) in ${(found.milliseconds / 1000).toFixed(1)} s, ${found.failing} failing`);
      const shown = fresh.map((result) => printFailure(result, 60)).join("\n\n");
      const known = found.failures.length - fresh.length;
      assert.equal(
        found.failing,
        0,
        `${found.failing} of ${found.runs} runs broke a guarantee${known > 0 ? ` (${known} kind(s) already shown above)` : ""}\n\n${shown}`,
      );
    });
  }

  it(`explored at least ${REQUIRED} interleavings`, (t) => {
    const kindsFound = [...kinds.keys()];
    t.diagnostic(
      `model checker: ${explored} interleavings (${fingerprints.size} distinct), ${steps} scheduled steps, ${(milliseconds / 1000).toFixed(1)} s, from seed ${seed}`,
    );
    if (kindsFound.length > 0) t.diagnostic(`model checker: ${failing} failing runs of ${kindsFound.length} kind(s): ${kindsFound.join(" ‖ ")}`);
    assert.equal(explored, runs);
    if (process.env["MODEL_RUNS"] === undefined) assert.ok(explored >= REQUIRED, `explored ${explored} < ${REQUIRED}`);
  });
});
