/**
 * Disaster 5, cold-start amplification: a fresh deployment takes its first requests with empty caches
 * and every miss falls through to the database. 1,000 requests for 100 keys (a skewed mix: a few keys
 * are hot) reach an edge layer that borrows `data_cache` from the server layer; the source answers
 * after a simulated 5 ms. Three runs, each on fresh layers:
 *
 * - naive: a plain Map per request path, get → miss → load → set, no single-flight (the baseline);
 * - cold: borrowcache layers, no warm-up (single-flight: concurrent misses for one key share a load);
 * - warm: borrowcache layers after `server.warm()` prefetched the `warm.prefetch` patterns.
 *
 * It prints the source loads and the request latency p50/p99 of each, and how long warming took.
 * Run: node --import tsx bench/disasters/warm-start.ts [requests] [keys] [latencyMs] [concurrency]
 */
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import type { LayerRuntime } from "../../src/runtime/layer/layer-runtime.js";

const requests = Number(process.argv[2] ?? 1_000);
const keyCount = Number(process.argv[3] ?? 100);
const latencyMs = Number(process.argv[4] ?? 5);
const clients = Number(process.argv[5] ?? 50);

const app = {
  layers: ["client", "edge", "server"],
  caches: {
    data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*"], backfill: true } },
  },
} as const;

// The database: every load waits `latencyMs` and is counted.
function database() {
  let loads = 0;
  const keys = Array.from({ length: keyCount }, (_, i) => `popular:${i}`);
  return {
    loads: () => loads,
    async load(key: string) {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      return { key, body: "x".repeat(512) };
    },
    async *keys(pattern: string) {
      if (pattern === "popular:*") yield* keys;
    },
  };
}

// The request mix: deterministic, skewed (key i drawn with weight 1/(i+1)), so hot keys collide.
function requestKeys(): string[] {
  const weights = Array.from({ length: keyCount }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: requests }, () => {
    let r = random() * total;
    let i = 0;
    while (i < keyCount - 1 && (r -= weights[i] ?? 0) > 0) i += 1;
    return `popular:${i}`;
  });
}

// `clients` concurrent clients, each sending its share of the requests one after another.
async function drive(get: (key: string) => Promise<unknown>): Promise<number[]> {
  const keys = requestKeys();
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < keys.length) {
        const key = keys[next++]!;
        const started = performance.now();
        const value = await get(key);
        latencies.push(performance.now() - started);
        if (value === undefined) throw new Error(`no value for ${key}`);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function naive() {
  const db = database();
  const map = new Map<string, unknown>();
  const latencies = await drive(async (key) => {
    const hit = map.get(key);
    if (hit !== undefined) return hit;
    const value = await db.load(key);
    map.set(key, value);
    return value;
  });
  return { name: "naive get → miss → load → set", loads: db.loads(), latencies, warmMs: 0 };
}

async function layered(warm: boolean) {
  const db = database();
  const server: LayerRuntime = createLayerRuntime(app, "server", { sources: { data_cache: db } });
  const edge = createLayerRuntime(app, "edge", { remotes: { server } });
  try {
    let warmMs = 0;
    if (warm) {
      const result = await server.warm({ concurrency: 16 });
      if (!result.ok)
        throw new AggregateError(
          result.errors.map((e) => e.error),
          "warm-up failed",
        );
      warmMs = result.durationMs;
    }
    const loadsBefore = db.loads();
    const borrowed = edge.borrow("data_cache");
    const latencies = await drive((key) => borrowed.get(key));
    return { name: warm ? "borrowcache, warmed first" : "borrowcache, cold", loads: db.loads() - loadsBefore, warmLoads: loadsBefore, latencies, warmMs };
  } finally {
    await edge.close();
    await server.close();
  }
}

interface Run {
  readonly name: string;
  readonly loads: number;
  readonly latencies: number[];
  readonly warmMs: number;
  readonly warmLoads?: number;
}
const trials = 3;
const scenarios: (() => Promise<Run>)[] = [naive, () => layered(false), () => layered(true)];
await layered(true); // one untimed pass, so the first scenario does not pay for compiling the code paths
const results: Run[][] = scenarios.map(() => []);
for (let trial = 0; trial < trials; trial += 1) for (const [index, scenario] of scenarios.entries()) results[index]!.push(await scenario());

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
console.log(
  `${requests} requests for ${keyCount} keys from ${clients} concurrent clients through an edge borrowing from the server; source latency ${latencyMs} ms; median of ${trials} trials`,
);
for (const runs of results) {
  const first = runs[0]!;
  const stat = (p: number) => median(runs.map((run) => percentile(run.latencies, p))).toFixed(3);
  const warmLoads = median(runs.map((run) => run.warmLoads ?? 0));
  const warmed = warmLoads > 0 ? `; warm-up: ${warmLoads} loads in ${median(runs.map((run) => run.warmMs)).toFixed(0)} ms` : "";
  console.log(
    `${first.name.padEnd(30)} source loads during requests ${String(median(runs.map((run) => run.loads))).padStart(4)}; latency p50 ${stat(50)} ms, p90 ${stat(90)} ms, p99 ${stat(99)} ms${warmed}`,
  );
}
