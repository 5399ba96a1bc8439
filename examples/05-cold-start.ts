/**
 * Seed disaster 5 — cold-start amplification.
 *
 * Without a borrow checker a fresh deployment starts with empty caches: the first requests miss at the
 * client, then the edge, then the server, and every one of them lands on the database at once.
 *
 * With borrowcache the manifest gives the server's cache a `warm` strategy: which patterns to prefetch,
 * and `backfill` (a miss loads once and is stored). `tsc` refuses a server layer whose source for that
 * cache cannot list its keys; `server.warm()` prefetches every listed key before traffic arrives, with
 * progress events — drawn here as a progress bar — and a result that reports failures instead of
 * throwing. The edge borrows through the server and keeps nothing, so one warm copy serves both.
 *
 * Run: node --import tsx examples/05-cold-start.ts
 */
import { createLayer, defineManifest, typed } from "../src/index.js";

interface Product {
  readonly id: string;
  readonly name: string;
}

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    data_cache: { primary: "server", owns: ["data:*", "popular:*"], value: typed<Product>(), warm: { prefetch: ["popular:*"], backfill: true } },
  },
});

// The database: 5 ms per load, 300 popular products, and one row locked during the warm-up.
let databaseLoads = 0;
let rowLocked = true;
const database = {
  async load(key: string): Promise<Product | undefined> {
    databaseLoads += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (key === "popular:13" && rowLocked) throw new Error("row locked");
    return { id: key, name: `product ${key.slice(8)}` };
  },
  async *keys(pattern: string): AsyncIterable<string> {
    if (pattern === "popular:*") for (let i = 0; i < 300; i += 1) yield `popular:${i}`;
  },
};

// What `tsc` rejects (never called: it would not compile without the directive).
export function rejectedByTsc() {
  // @ts-expect-error Property 'keys' is missing in type '{ load: … }' but required in type 'ListingSource<Product>'
  void createLayer(app, "server", { sources: { data_cache: { load: (key: string) => database.load(key) } } });
}

const server = createLayer(app, "server", { sources: { data_cache: database } });
const edge = createLayer(app, "edge", { remotes: { server } });

// A progress bar from the progress events: redrawn in place on a terminal, one line per step otherwise.
const bar = (done: number, total: number) => {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`;
};
const started = performance.now();
const result = await server.warm({
  concurrency: 16,
  onProgress: ({ cache, phase, done, total, failed }) => {
    const line = `warming ${cache} ${bar(done, total)}${failed > 0 ? ` (${failed} failed)` : ""}`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${phase === "end" ? "\n" : ""}`);
    else if (phase !== "loading" || done % 75 === 0) console.log(line);
  },
});
console.log(
  `warm-up: ${result.caches.map((c) => `${c.cache} ${c.loaded}/${c.total} loaded`).join(", ")} in ${(performance.now() - started).toFixed(0)} ms, ${databaseLoads} database loads`,
);
for (const failure of result.errors) console.log(`  not warmed: '${failure.key}' (${failure.stage}): ${(failure.error as Error).message}`);

// Traffic arrives: 2,000 requests at the edge for the popular products.
rowLocked = false;
const before = databaseLoads;
const products = edge.borrow("data_cache");
for (let i = 0; i < 2_000; i += 1) await products.get(`popular:${(i * 7) % 300}`);
console.log(`2,000 requests through the edge: ${databaseLoads - before} database load(s) (the row that failed to warm, loaded once on its first miss)`);

await edge.close();
await server.close();
