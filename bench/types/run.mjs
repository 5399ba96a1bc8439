// `npm run bench:types`: what borrowcache's manifest rules cost tsc, against a bare const manifest.
//
//   node bench/types/run.mjs [--sizes 10,100,300,1000] [--ts 5.9,7.0] [--repeat 1]
//
// For each size N (bench/types/generate.mjs writes the files):
//   bare-N       the manifest through `bare<const M>(m: M): M`: no rule
//   rules-N      the same manifest through defineManifest: every rule
//   use-rules-N  rules-N plus 100 use sites (server.own("cI").get("kI:x") and KeyOf<typeof app, "cI">)
// Both manifest variants compile the same program (bare imports src/index.ts too), so
// rules − bare is what the rules cost; use-rules − rules, divided by 100, is one use site.
// Instantiation counts are deterministic; times are tsc's own "Check time" (wall clock,
// noisy on a loaded machine: --repeat k keeps the fastest of k runs). Every variant
// compiles the whole of src/ (runtime included) through src/index.ts, so whole-program
// check times carry that fixed cost; "rules − bare" is the manifest's own.
import { parseArgs } from "node:util";
import { SIZES, USE_SITES, writeAll } from "./generate.mjs";
import { BENCH_COMPILERS, measureProject } from "./measure.mjs";

const { values } = parseArgs({
  options: { sizes: { type: "string" }, ts: { type: "string" }, repeat: { type: "string", default: "1" } },
});
const sizes = values.sizes ? values.sizes.split(",").map(Number) : SIZES;
const versions = values.ts ? values.ts.split(",") : ["5.9", "7.0"];
const repeat = Math.max(1, Number(values.repeat));
const budget = { instantiations: 600_000, checkRatio: 2, useSiteInstantiations: 1_000 };

const projects = writeAll(sizes);

/** The figures of the fastest of `repeat` runs (counts are the same every run). */
function measure(name, ts) {
  let best;
  for (let run = 0; run < repeat; run++) {
    const figures = measureProject(projects[name], ts);
    if (!best || figures.checkSeconds < best.checkSeconds) best = figures;
  }
  process.stderr.write(`  measured ${name} on ${ts}: ${best.instantiations} instantiations, ${best.checkSeconds} s\n`);
  return best;
}

const results = [];
for (const size of sizes) {
  for (const ts of versions) {
    results.push({
      size,
      ts,
      bare: measure(`bare-${size}`, ts),
      rules: measure(`rules-${size}`, ts),
      use: measure(`use-rules-${size}`, ts),
    });
  }
}

const k = (n) => (Math.abs(n) >= 10_000 ? `${Math.round(n / 1000)}k` : String(Math.round(n)));
const tsLabel = (ts) => `${ts}${BENCH_COMPILERS[ts].flags.length ? ` (${BENCH_COMPILERS[ts].flags.join(" ")})` : ""}`;

console.log(`\n### Type-check cost (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, best of ${repeat})\n`);
console.log("| caches | TS | variant | errors | instantiations | types | check s | memory MB |");
console.log("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |");
for (const { size, ts, bare, rules, use } of results) {
  /** @type {Array<[string, typeof bare]>} */
  const variants = [
    ["bare", bare],
    ["rules", rules],
    [`rules + ${USE_SITES} use sites`, use],
  ];
  for (const [variant, f] of variants) {
    console.log(
      `| ${size} | ${tsLabel(ts)} | ${variant} | ${f.errors.length} | ${f.instantiations} | ${f.types} | ${f.checkSeconds.toFixed(2)} | ${f.memoryMB} |`,
    );
  }
}

console.log(
  "\n| caches | TS | rules − bare: instantiations | per cache | rules − bare: check s | check rules / bare | use site: instantiations per call | use site: check ms per call |",
);
console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const { size, ts, bare, rules, use } of results) {
  const manifest = rules.instantiations - bare.instantiations;
  const ratio = bare.checkSeconds > 0 ? rules.checkSeconds / bare.checkSeconds : Number.NaN;
  const perCall = (use.instantiations - rules.instantiations) / USE_SITES;
  const msPerCall = ((use.checkSeconds - rules.checkSeconds) * 1000) / USE_SITES;
  console.log(
    `| ${size} | ${tsLabel(ts)} | ${k(manifest)} | ${Math.round(manifest / size)} | ${(rules.checkSeconds - bare.checkSeconds).toFixed(2)} | ${ratio.toFixed(2)}× | ${Math.round(perCall)} | ${msPerCall.toFixed(2)} |`,
  );
}

console.log("\nTargets at the largest size:");
const largest = Math.max(...sizes);
const mark = (ok) => (ok ? "✓" : "✗");
for (const { size, ts, bare, rules, use } of results.filter((r) => r.size === largest)) {
  const ratio = rules.checkSeconds / bare.checkSeconds;
  const perCall = (use.instantiations - rules.instantiations) / USE_SITES;
  const broken = [bare, rules, use].some((f) => f.errors.length > 0);
  console.log(
    `- ${ts}, ${size} caches: ${mark(!broken)} bare, rules and use sites compile with ${bare.errors.length}, ${rules.errors.length}, ${use.errors.length} errors`,
  );
  if (broken) {
    console.log(`- ${ts}, ${size} caches: figures not comparable until they compile (see below)`);
    continue;
  }
  console.log(
    `- ${ts}, ${size} caches: ${mark(rules.instantiations <= budget.instantiations)} rules ${k(rules.instantiations)} instantiations (whole program; ${k(rules.instantiations - bare.instantiations)} above bare) ≤ ${k(budget.instantiations)}`,
  );
  console.log(`- ${ts}, ${size} caches: ${mark(ratio <= budget.checkRatio)} check time ${ratio.toFixed(2)}× bare ≤ ${budget.checkRatio}×`);
  if (ts === "5.9") {
    console.log(
      `- ${ts}, ${size} caches: ${mark(perCall < budget.useSiteInstantiations)} a use site costs ${Math.round(perCall)} instantiations < ${budget.useSiteInstantiations}`,
    );
  }
}
for (const { size, ts, bare, rules, use } of results) {
  /** @type {Array<[string, typeof bare]>} */
  const named = [
    [`bare-${size}`, bare],
    [`rules-${size}`, rules],
    [`use-rules-${size}`, use],
  ];
  for (const [name, f] of named) {
    if (f.errors.length > 0) console.log(`\n${name} on ${ts} has ${f.errors.length} errors, first: ${f.errors.slice(0, 3).join("\n  ")}`);
  }
}
const programErrors = [...new Set(results.flatMap((r) => [r.bare, r.rules, r.use]).flatMap((f) => f.otherErrors))];
if (programErrors.length > 0) {
  console.log(`\nNote: the program itself (src/, shared by every variant) had errors during the run:\n  ${programErrors.slice(0, 5).join("\n  ")}`);
}
