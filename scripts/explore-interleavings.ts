/**
 * Explores interleavings with the model-based checker (docs/consistency-model.md) beyond what `npm test`
 * runs: `count` random programs (default 10^6) from `seed` (default: a new one, printed), each under its
 * own seeded schedule; prints progress, then the count, the distinct interleavings, the time, and one
 * replayable seed per kind of failure. Exits 1 if any run broke a guarantee.
 *
 *   node --import tsx scripts/explore-interleavings.ts [count] [seed]
 */
import { explore, printFailure, signatureOf } from "../test/consistency/model/explore.js";

const count = process.argv[2] === undefined ? 1_000_000 : Number(process.argv[2]);
const seed = process.argv[3] === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.argv[3]);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error("✗ usage: explore-interleavings.ts [count] [seed] — both whole numbers, count at least 1");
  process.exit(2);
}

const every = Math.max(1, Math.min(100_000, Math.floor(count / 10)));
console.log(`exploring ${count} interleavings from seed ${seed}`);
const found = await explore(count, seed, {
  progress: {
    every,
    report: (so) =>
      console.log(
        `  ${so.runs} interleavings, ${so.failing} failing, ${(so.milliseconds / 1000).toFixed(1)} s (${((so.runs / so.milliseconds) * 1000).toFixed(0)}/s)`,
      ),
  },
});
for (const failure of found.failures) console.log(`\n${signatureOf(failure)}\n${printFailure(failure, 60)}`);
console.log(
  `\n${found.runs} interleavings (${found.distinct} distinct), ${found.steps} scheduled steps, in ${(found.milliseconds / 1000).toFixed(1)} s` +
    ` (${((found.runs / found.milliseconds) * 1000).toFixed(0)} interleavings/s); ${found.failing} failing (${found.failures.length} kind(s)); seed ${seed}`,
);
process.exit(found.failing === 0 ? 0 : 1);
