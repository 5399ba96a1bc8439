// The hit path of a layer, against baselines measured in the same process (ratios, median of rounds):
//   - an Owned hit on memoryStore        vs Map.get behind an async function (the floor of any async get; target ≤ 4×)
//   - the same                           vs keyv get (Map store, serialize off) and lru-cache get
//   - a Borrowed in-process read         vs the owner's own Owned get (target ≤ 1.5×)
//   - an Owned getOrSet hit              vs bentocache memory-only getOrSet hit (serialize off)
//   - 10,000 concurrent misses for one key: loads and wall time
// Run: node --import tsx bench/runtime/layer-hit.ts [rounds]
import { BentoCache, bentostore } from "bentocache";
import { memoryDriver } from "bentocache/drivers/memory";
import Keyv from "keyv";
import { LRUCache } from "lru-cache";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { memoryStore } from "../../src/runtime/stores/memory.js";

const app = {
  layers: ["client", "edge", "server"],
  caches: {
    product_cache: { primary: "edge", owns: ["products:*"], maxSize: "50MB" },
    data_cache: { primary: "server", owns: ["data:*"] },
  },
} as const;

const rounds = Number(process.argv[2] ?? 31);
const opsPerRound = 10_000; // short rounds, many of them: the median shrugs off a busy machine
const key = "products:1";
const value = { id: 1, name: "Widget", tags: Array.from({ length: 20 }, (_, i) => `tag-${i}`), description: "x".repeat(700) };

// ── subjects ───────────────────────────────────────────────────────────
const map = new Map<string, unknown>([[key, value]]);
const mapGet = async (k: string) => map.get(k);

const lru = new LRUCache<string, object>({ max: 1000 });
lru.set(key, value);

// keyv 5 over the same kind of store the memory partition uses (an lru-cache), serialization off.
const keyv = new Keyv({ store: new LRUCache<string, object>({ max: 1000 }), serialize: undefined, deserialize: undefined });
await keyv.set(key, value);

const edge = createLayerRuntime(app, "edge", { store: memoryStore() });
const owned = edge.own("product_cache");
await owned.set(key, value);
const client = createLayerRuntime(app, "client", { remotes: { edge } });
const borrowed = client.borrow("product_cache");
await borrowed.get(key);

const bento = new BentoCache({ default: "memory", stores: { memory: bentostore().useL1Layer(memoryDriver({ maxItems: 1000, serialize: false })) } });
await bento.getOrSet({ key, factory: () => value });
const factory = () => value;

type Scenario = { name: string; run: () => Promise<unknown> };
const scenarios: Scenario[] = [
  { name: "Map.get behind async fn (floor)", run: () => mapGet(key) },
  { name: "lru-cache get (sync)", run: async () => lru.get(key) },
  { name: "keyv get (lru-cache store, serialize off)", run: () => keyv.get(key) },
  { name: "Owned get (hit, memoryStore)", run: () => owned.get(key) },
  { name: "Borrowed get (in-process owner)", run: () => borrowed.get(key) },
  { name: "Owned getOrSet (hit)", run: () => owned.getOrSet(key, factory) },
  { name: "bentocache getOrSet (memory, serialize off)", run: () => bento.getOrSet({ key, factory }) },
];

async function measure(run: () => Promise<unknown>, ops: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await run();
  return Number(process.hrtime.bigint() - start) / ops;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

for (const s of scenarios) await measure(s.run, opsPerRound); // warm-up: let the JIT settle

const perRound = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
for (let r = 0; r < rounds; r++) {
  // Rotate the order each round so no scenario always runs right after the same neighbour.
  for (let i = 0; i < scenarios.length; i++) {
    const s = scenarios[(i + r) % scenarios.length]!;
    perRound.get(s.name)!.push(await measure(s.run, opsPerRound));
  }
}

const ratio = (a: string, b: string) => median(perRound.get(a)!.map((ns, i) => ns / perRound.get(b)![i]!));
console.log(`layer hit path — ${rounds} rounds × ${opsPerRound} ops, 1 KB value, Node ${process.version}\n`);
for (const s of scenarios) console.log(`${s.name.padEnd(46)} ${median(perRound.get(s.name)!).toFixed(0).padStart(6)} ns/op`);
const floor = "Map.get behind async fn (floor)";
console.log("\nratios (median of per-round ratios):");
console.log(`  Owned hit / async floor                 ${ratio("Owned get (hit, memoryStore)", floor).toFixed(2)}×   (target ≤ 4×)`);
console.log(`  Owned hit / keyv get (serialize off)    ${ratio("Owned get (hit, memoryStore)", "keyv get (lru-cache store, serialize off)").toFixed(2)}×`);
console.log(`  Owned hit / lru-cache get               ${ratio("Owned get (hit, memoryStore)", "lru-cache get (sync)").toFixed(2)}×`);
console.log(
  `  Borrowed in-process / Owned get         ${ratio("Borrowed get (in-process owner)", "Owned get (hit, memoryStore)").toFixed(2)}×   (target ≤ 1.5×)`,
);
console.log(`  Owned getOrSet hit / bentocache         ${ratio("Owned getOrSet (hit)", "bentocache getOrSet (memory, serialize off)").toFixed(3)}×`);

// ── stampede ───────────────────────────────────────────────────────────
const walls: number[] = [];
let loads = 0;
const trials = Math.min(rounds, 9);
for (let r = 0; r < trials; r++) {
  const server = createLayerRuntime(app, "server", {
    store: memoryStore(),
    sources: {
      data_cache: {
        load: async (k) => {
          loads++;
          await new Promise((resolve) => setTimeout(resolve, 5));
          return { k };
        },
      },
    },
  });
  const data = server.own("data_cache");
  const start = performance.now();
  await Promise.all(Array.from({ length: 10_000 }, () => data.get("data:hot")));
  walls.push(performance.now() - start);
  await server.close();
}
console.log(
  `\n10,000 concurrent misses for one key (5 ms source): ${loads / trials} load(s) per trial over ${trials} trials, wall ${median(walls).toFixed(1)} ms median (min ${Math.min(...walls).toFixed(1)}, max ${Math.max(...walls).toFixed(1)})`,
);
await bento.disconnect();
