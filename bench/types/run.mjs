// `npm run bench:types`: what borrowcache's manifest rules cost tsc, against a bare const manifest.
//
//   node bench/types/run.mjs [--sizes 10,100,300,1000] [--ts 5.9,7.0] [--repeat 1]
//                            [--shapes chains,nested] [--from src|package] [--no-use-sites]
//
// --shapes: `chains` (the first recipe) and/or `nested` (several patterns per cache, the cache's
// own patterns overlapping, every third cache invalidating the next): generate.mjs describes both.
// --from package: builds, packs (`npm pack`) and installs the tarball, and compiles against its
// .d.ts files with `skipLibCheck: false`, as a user's project does; `src` (default) compiles
// src/index.ts with `skipLibCheck: true`.
//
// For each size N (bench/types/generate.mjs writes the files):
//   bare-N       the manifest through `bare<const M>(m: M): M`: no rule
//   rules-N      the same manifest through defineManifest: every rule
//   use-rules-N  rules-N plus 100 use sites (server.own("cI").get("kI:x") and KeyOf<typeof app, "cI">)
//   use-one-rules-N  rules-N plus the first of those sites only
// Both manifest variants compile the same program (bare imports src/index.ts too), so
// rules − bare is what the rules cost; (use-rules − use-one-rules) / 99 is one more use site, and
// use-one-rules − rules what the first site pays once (the layer's type and its checks).
// Instantiation counts are deterministic; times are tsc's own "Check time" (wall clock,
// noisy on a loaded machine: --repeat k keeps the fastest of k runs). Every variant
// compiles the whole of src/ (runtime included) through src/index.ts, so whole-program
// check times carry that fixed cost; "rules − bare" is the manifest's own.
import { parseArgs } from "node:util";
import { caseName, SIZES, USE_SITES, setImportFrom, writeAll } from "./generate.mjs";
import { BENCH_COMPILERS, measureProject } from "./measure.mjs";
import { installPackedTarball } from "./pack.mjs";

const { values } = parseArgs({
  options: {
    sizes: { type: "string" },
    ts: { type: "string" },
    repeat: { type: "string", default: "1" },
    shapes: { type: "string", default: "chains" },
    from: { type: "string", default: "src" },
    "no-use-sites": { type: "boolean", default: false },
  },
});
const sizes = values.sizes ? values.sizes.split(",").map(Number) : SIZES;
const shapes = values.shapes.split(",");
setImportFrom(values.from);
if (values.from === "package") process.stderr.write(`  installed the packed tarball at ${installPackedTarball()}\n`);
const versions = values.ts ? values.ts.split(",") : ["5.9", "7.0"];
const repeat = Math.max(1, Number(values.repeat));
const budget = { instantiations: 600_000, checkRatio: 2, useSiteInstantiations: 1_000 };

const projects = writeAll(sizes, undefined, shapes);

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
for (const shape of shapes) {
  for (const size of sizes) {
    for (const ts of versions) {
      results.push({
        shape,
        size,
        ts,
        bare: measure(caseName("bare", size, shape), ts),
        rules: measure(caseName("rules", size, shape), ts),
        use: values["no-use-sites"] ? undefined : measure(caseName("use-rules", size, shape), ts),
        useOne: values["no-use-sites"] ? undefined : measure(caseName("use-one-rules", size, shape), ts),
      });
    }
  }
}

/** One more use site: 100 sites against 1, so the first site's one-time cost (the layer's type and checks) is not spread over the others. */
const perUseSite = (use, useOne) => (use.instantiations - useOne.instantiations) / (USE_SITES - 1);

const k = (n) => (Math.abs(n) >= 10_000 ? `${Math.round(n / 1000)}k` : String(Math.round(n)));
const tsLabel = (ts) => `${ts}${BENCH_COMPILERS[ts].flags.length ? ` (${BENCH_COMPILERS[ts].flags.join(" ")})` : ""}`;

console.log(
  `\n### Type-check cost (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, best of ${repeat}, from ${values.from === "package" ? "the packed tarball, skipLibCheck: false" : "src, skipLibCheck: true"})\n`,
);
console.log("| shape | caches | TS | variant | errors | instantiations | types | check s | memory MB |");
console.log("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |");
for (const { shape, size, ts, bare, rules, use, useOne } of results) {
  /** @type {[string, import("./measure.mjs").Figures][]} */
  const rows = [
    ["bare", bare],
    ["rules", rules],
    ...(use ?
      [
        ["rules + 1 use site", useOne],
        [`rules + ${USE_SITES} use sites`, use],
      ]
    : []),
  ];
  for (const [variant, f] of rows) {
    console.log(
      `| ${shape} | ${size} | ${tsLabel(ts)} | ${variant} | ${f.errors.length} | ${f.instantiations} | ${f.types} | ${f.checkSeconds.toFixed(2)} | ${f.memoryMB} |`,
    );
  }
}

console.log(
  "\n| shape | caches | TS | rules − bare: instantiations | per cache | rules − bare: check s | check rules / bare | use site: instantiations per call | use site: check ms per call |",
);
console.log("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const { shape, size, ts, bare, rules, use, useOne } of results) {
  const manifest = rules.instantiations - bare.instantiations;
  const ratio = bare.checkSeconds > 0 ? rules.checkSeconds / bare.checkSeconds : Number.NaN;
  const perCall = use ? perUseSite(use, useOne) : Number.NaN;
  const msPerCall = use ? ((use.checkSeconds - useOne.checkSeconds) * 1000) / (USE_SITES - 1) : Number.NaN;
  console.log(
    `| ${shape} | ${size} | ${tsLabel(ts)} | ${k(manifest)} | ${Math.round(manifest / size)} | ${(rules.checkSeconds - bare.checkSeconds).toFixed(2)} | ${ratio.toFixed(2)}× | ${use ? Math.round(perCall) : "—"} | ${use ? msPerCall.toFixed(2) : "—"} |`,
  );
}

console.log("\nTargets at the largest size:");
const largest = Math.max(...sizes);
const mark = (ok) => (ok ? "✓" : "✗");
for (const { shape, size, ts, bare, rules, use, useOne } of results.filter((r) => r.size === largest)) {
  const at = `${ts}, ${shape}, ${size} caches`;
  const ratio = rules.checkSeconds / bare.checkSeconds;
  const perCall = use ? perUseSite(use, useOne) : Number.NaN;
  const broken = [bare, rules, use].some((f) => f !== undefined && f.errors.length > 0);
  console.log(
    `- ${at}: ${mark(!broken)} bare, rules and use sites compile with ${bare.errors.length}, ${rules.errors.length}, ${use ? use.errors.length : "(not measured)"} errors`,
  );
  if (broken) {
    console.log(`- ${at}: figures not comparable until they compile (see below)`);
    continue;
  }
  console.log(
    `- ${at}: ${mark(rules.instantiations <= budget.instantiations)} rules ${k(rules.instantiations)} instantiations (whole program; ${k(rules.instantiations - bare.instantiations)} above bare) ≤ ${k(budget.instantiations)}`,
  );
  console.log(`- ${at}: ${mark(ratio <= budget.checkRatio)} check time ${ratio.toFixed(2)}× bare ≤ ${budget.checkRatio}×`);
  if (ts === "5.9" && use) {
    console.log(
      `- ${at}: ${mark(perCall < budget.useSiteInstantiations)} a use site costs ${Math.round(perCall)} instantiations < ${budget.useSiteInstantiations} (the first one also ${k(useOne.instantiations - rules.instantiations)} for the layer's type, once)`,
    );
  }
}
for (const { shape, size, ts, bare, rules, use, useOne } of results) {
  /** @type {[string, import("./measure.mjs").Figures][]} */
  const rows = [
    [caseName("bare", size, shape), bare],
    [caseName("rules", size, shape), rules],
    ...(use ?
      [
        [caseName("use-one-rules", size, shape), useOne],
        [caseName("use-rules", size, shape), use],
      ]
    : []),
  ];
  for (const [name, f] of rows) {
    if (f.errors.length > 0) console.log(`\n${name} on ${ts} has ${f.errors.length} errors, first: ${f.errors.slice(0, 3).join("\n  ")}`);
  }
}
const programErrors = [...new Set(results.flatMap((r) => [r.bare, r.rules, ...(r.use ? [r.useOne, r.use] : [])]).flatMap((f) => f.otherErrors))];
if (programErrors.length > 0) {
  console.log(`\nNote: the program itself (src/, shared by every variant) had errors during the run:\n  ${programErrors.slice(0, 5).join("\n  ")}`);
}
