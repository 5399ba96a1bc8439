// Generates the manifests the type-check cost benchmark measures (bench/types/run.mjs)
// into bench/types/.generated/ (gitignored).
//
//   node bench/types/generate.mjs [--sizes 10,100,300,1000]
//
// Per size N:
//   rules-N.ts      defineManifest({ caches: { c0 … cN-1 } }) from src/index.ts: every rule checked
//   bare-N.ts       the same object through `declare function bare<const M>(m: M): M`: no rule
//   use-rules-N.ts  100 use sites against rules-N.ts (server.own("c…").get("k…:x"), KeyOf<…>)
//   tsconfig.<name>.json, one per file above, so every compiler checks exactly one entry file.
// bare-N.ts imports src/index.ts too (type-only, unused), so both variants compile the
// same program and their difference is the manifest's own cost.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** Manifest sizes measured by default. */
export const SIZES = [10, 100, 300, 1000];

/** Where the generated files go. */
export const GENERATED_DIR = fileURLToPath(new URL("./.generated/", import.meta.url));

/** The manifest shapes: `chains` (the first recipe) and `nested` (several patterns per cache, overlapping within it). */
export const SHAPES = ["chains", "nested"];

/** How many use sites a use-rules file holds. */
export const USE_SITES = 100;

const layers = ["client", "edge", "server"];

/**
 * Where a generated file imports borrowcache from: `src` (the sources, `skipLibCheck: true`) or
 * `package` (the packed tarball installed into `.generated/node_modules`, `skipLibCheck: false`:
 * what a user's project compiles).
 */
let importFrom = "src";
const entry = () => (importFrom === "package" ? "borrowcache" : "../../../src/index.js");

/** Switches every file written afterwards to `"src"` or `"package"`. */
export function setImportFrom(from) {
  if (from !== "src" && from !== "package") throw new Error(`--from must be src or package, not '${from}'`);
  importFrom = from;
}

/**
 * The fields of cache `c{i}` in a manifest of `size` caches, as TypeScript source.
 *
 * Cache i owns `k{i}:*` (odd i also `k{i}:meta:*`); its primary cycles client, edge,
 * server; it invalidates `k{i+1}:*` except every 5th (chains of 5; sizes are multiples
 * of 5, so the last cache invalidates nothing); ttl every 7th, maxSize every 11th,
 * streaming + chunkSize every 13th, offline_first every 17th client cache, a typed
 * value every 4th.
 *
 * @example
 * cacheSource(1, 10)
 * //=> 'c1: { primary: "edge", owns: ["k1:*", "k1:meta:*"], invalidates: ["k2:*"] }'
 */
export function cacheSource(i, size, shape = "chains") {
  if (shape === "nested") return nestedCacheSource(i, size);
  const primary = layers[i % 3];
  const fields = [`primary: "${primary}"`];
  fields.push(i % 2 === 1 ? `owns: ["k${i}:*", "k${i}:meta:*"]` : `owns: ["k${i}:*"]`);
  if (i % 5 !== 4 && i + 1 < size) fields.push(`invalidates: ["k${i + 1}:*"]`);
  return `c${i}: { ${[...fields, ...extraFields(i, primary)].join(", ")} }`;
}

/**
 * The `nested` shape, as manifests in the wild have it: cache i owns `k{i}:*`, `list:k{i}:*`
 * and `idx:k{i}:*`, and even i also `k{i}:meta:*` (inside `k{i}:*`: the cache's own patterns
 * overlap); every third cache invalidates the next (`k{i+1}:*`); the same extras as `chains`.
 *
 * @example
 * cacheSource(0, 10, "nested")
 * //=> 'c0: { primary: "client", owns: ["k0:*", "k0:meta:*", "list:k0:*", "idx:k0:*"], invalidates: ["k1:*"], ttl: "30m", maxSize: "50MB", streaming: true, chunkSize: "1MB", strategy: "offline_first", value: typed<{ id: number }>() }'
 */
function nestedCacheSource(i, size) {
  const primary = layers[i % 3];
  const owns = [`k${i}:*`, ...(i % 2 === 0 ? [`k${i}:meta:*`] : []), `list:k${i}:*`, `idx:k${i}:*`];
  const fields = [`primary: "${primary}"`, `owns: [${owns.map((p) => `"${p}"`).join(", ")}]`];
  if (i % 3 === 0 && i + 1 < size) fields.push(`invalidates: ["k${i + 1}:*"]`);
  return `c${i}: { ${[...fields, ...extraFields(i, primary)].join(", ")} }`;
}

/** ttl every 7th, maxSize every 11th, streaming + chunkSize every 13th, offline_first every 17th client cache, a typed value every 4th. */
function extraFields(i, primary) {
  const fields = [];
  if (i % 7 === 0) fields.push(`ttl: "30m"`);
  if (i % 11 === 0) fields.push(`maxSize: "50MB"`);
  if (i % 13 === 0) fields.push(`streaming: true`, `chunkSize: "1MB"`);
  if (primary === "client" && (i / 3) % 17 === 0) fields.push(`strategy: "offline_first"`);
  if (i % 4 === 0) fields.push(`value: typed<{ id: number }>()`);
  return fields;
}

function cachesSource(size, shape) {
  return Array.from({ length: size }, (_, i) => `    ${cacheSource(i, size, shape)},`).join("\n");
}

/**
 * The extra cache of the `"intruder"` variant: it claims a pattern inside the last
 * cache's `k{N-1}:meta:*`, so exactly that element breaks the one-owner rule.
 *
 * @example
 * intruderSource(10)
 * //=> 'intruder: { primary: "server", owns: ["k9:meta:x:*"] }'
 */
export function intruderSource(size) {
  return `intruder: { primary: "server", owns: ["k${size - 1}:meta:x:*"] }`;
}

/**
 * A whole manifest file: `variant` is `"rules"` (defineManifest), `"bare"` (identity)
 * or `"intruder"` (defineManifest with one overlapping cache added last).
 *
 * @example
 * manifestSource("bare", 10).includes("export const app = bare({")
 * //=> true
 */
export function manifestSource(variant, size, shape = "chains") {
  const head =
    variant !== "bare" ?
      [`import { defineManifest, typed } from "${entry()}";`, "", "export const app = defineManifest({"]
    : [
        `// Same program as the rules variant: borrowcache is compiled, only not used.`,
        `import type * as borrowcache from "${entry()}";`,
        "declare function bare<const M>(m: M): M;",
        "declare function typed<T>(): { readonly value?: T };",
        "export type Program = typeof borrowcache;",
        "",
        "export const app = bare({",
      ];
  const caches = variant === "intruder" ? `${cachesSource(size, shape)}\n    ${intruderSource(size)},` : cachesSource(size, shape);
  return [
    `// generated by bench/types/generate.mjs: ${variant}, ${size} caches${shape === "chains" ? "" : `, shape ${shape}`}`,
    ...head,
    "  caches: {",
    caches,
    "  },",
    "});",
    "",
  ].join("\n");
}

/**
 * The caches a use site can own on the server and `get` from: server-primary
 * (`primary` cycles, so every third) and not streaming (those are read with `stream`).
 *
 * @example
 * useSiteCaches(10)
 * //=> [2, 5, 8]
 */
export function useSiteCaches(size) {
  return Array.from({ length: size }, (_, i) => i).filter((i) => layers[i % 3] === "server" && i % 13 !== 0);
}

/**
 * `sites` use sites (100 by default) against `rules-{size}.ts`, on distinct server
 * caches as far as the manifest has them (then round again). The first site also
 * pays what every later one reuses (the layer's type, its checks), so run.mjs
 * compares 100 sites with 1 for the cost of one more call.
 *
 * @example
 * useSiteSource(10).split("\n").find((line) => line.includes("own("))
 * //=> 'export const get0 = server.own("c2").get("k2:x");'
 */
export function useSiteSource(size, sites = USE_SITES) {
  const caches = useSiteCaches(size);
  const lines = [
    `// generated by bench/types/generate.mjs: ${sites} use sites against rules-${size}.ts`,
    `import type { KeyOf, Layer } from "${entry()}";`,
    `import type { app } from "./rules-${size}.js";`,
    "",
    `declare const server: Layer<typeof app, "server">;`,
    "",
  ];
  for (let site = 0; site < sites; site++) {
    const i = caches[site % caches.length];
    lines.push(`export const get${site} = server.own("c${i}").get("k${i}:x");`);
    lines.push(`export type K${site} = KeyOf<typeof app, "c${i}">;`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The tsconfig that checks exactly `entry` (plus what it imports) under every
 * compiler 5.4–7.0: explicit `types`, since 6.0 and 7.0 default it to `[]`.
 *
 * @example
 * JSON.parse(tsconfigSource("rules-10.ts")).files
 * //=> ["rules-10.ts"]
 */
export function tsconfigSource(entry) {
  const config = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2022", "ESNext.Disposable", "DOM", "DOM.Iterable"],
      types: ["node"],
      strict: true,
      noEmit: true,
      skipLibCheck: importFrom !== "package",
      verbatimModuleSyntax: true,
    },
    files: [entry],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Writes one entry file and its tsconfig into `dir`; returns the tsconfig's path.
 *
 * @example
 * writeCase(GENERATED_DIR, "bare-10", manifestSource("bare", 10))
 * //=> "/repo/bench/types/.generated/tsconfig.bare-10.json"
 */
export function writeCase(dir, name, source) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.ts`), source);
  const project = join(dir, `tsconfig.${name}.json`);
  writeFileSync(project, tsconfigSource(`${name}.ts`));
  return project;
}

/**
 * The file name of a case: `rules-100`, `bare-nested-1000`, `use-rules-10`.
 *
 * @example
 * caseName("rules", 100, "nested")
 * //=> "rules-nested-100"
 */
export function caseName(variant, size, shape = "chains") {
  return `${variant}-${shape === "chains" ? "" : `${shape}-`}${size}`;
}

/**
 * Writes every case for `sizes` and `shapes`; returns `{ [name]: tsconfig path }`.
 *
 * @example
 * Object.keys(writeAll([10]))
 * //=> ["bare-10", "rules-10", "use-rules-10", "use-one-rules-10"]
 */
export function writeAll(sizes = SIZES, dir = GENERATED_DIR, shapes = ["chains"]) {
  const projects = {};
  for (const shape of shapes) {
    for (const size of sizes) {
      for (const variant of ["bare", "rules"]) {
        const name = caseName(variant, size, shape);
        projects[name] = writeCase(dir, name, manifestSource(variant, size, shape));
      }
      for (const [variant, sites] of [
        ["use-rules", USE_SITES],
        ["use-one-rules", 1],
      ]) {
        const use = caseName(variant, size, shape);
        projects[use] = writeCase(dir, use, useSiteSource(size, sites).replace(`./rules-${size}.js`, `./${caseName("rules", size, shape)}.js`));
      }
    }
  }
  return projects;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { sizes: { type: "string" }, shapes: { type: "string" } } });
  const sizes = values.sizes ? values.sizes.split(",").map(Number) : SIZES;
  const shapes = values.shapes ? values.shapes.split(",") : ["chains"];
  for (const [name, project] of Object.entries(writeAll(sizes, GENERATED_DIR, shapes))) console.log(`${name}: ${project}`);
}
