/**
 * Hit path of `memoryStore` (docs/performance.md#memory): a partition `get` behind an `async` function,
 * against baselines measured in the same process, several rounds, median.
 * Floor: `Map.get` behind an `async` function (target: memoryStore ≤ 4× the floor).
 *
 *   node --import tsx bench/runtime/memory-hit.ts
 */
import { LRUCache } from "lru-cache";
import Keyv from "keyv";
import { memoryStore } from "../../src/runtime/stores/memory.js";
import { prepareValue } from "../../src/runtime/values/index.js";
import { value1kb } from "./value-1kb.js";

const KEYS = 1000;
const OPS = 200_000;
const ROUNDS = Number(process.env["ROUNDS"] ?? 7);
const keys = Array.from({ length: KEYS }, (_, i) => `user:${i}`);

const map = new Map<string, unknown>();
const lru = new LRUCache<string, object>({ max: KEYS * 2 });
const keyv = new Keyv();
const store = memoryStore({ maxSize: "64MB" });
const partition = store.partition("user_data", { maxSize: 32 * 1024 * 1024 });
// Entries with a ttl make lru-cache read the clock on each get.
const withTtl = store.partition("sessions", { maxSize: 32 * 1024 * 1024 });
for (const [i, key] of keys.entries()) {
  map.set(key, value1kb(i));
  lru.set(key, value1kb(i));
  await keyv.set(key, value1kb(i));
  const { value } = prepareValue(value1kb(i), { key, cache: "user_data", layer: "edge" });
  partition.set(key, { value, storedAt: Date.now() });
  withTtl.set(key, { value, storedAt: Date.now() }, 3_600_000);
}

async function mapGet(key: string): Promise<unknown> {
  return map.get(key);
}
async function storeGet(key: string): Promise<unknown> {
  return partition.get(key)?.value;
}
async function ttlGet(key: string): Promise<unknown> {
  return withTtl.get(key)?.value;
}

type Scenario = { name: string; ops: number; run: (n: number) => Promise<void> | void };
let sink: unknown;
const scenarios: Scenario[] = [
  {
    name: "Map.get behind an async fn (floor)",
    ops: OPS,
    run: async (n) => {
      for (let i = 0; i < n; i++) sink = await mapGet(keys[i % KEYS]!);
    },
  },
  {
    name: "memoryStore partition.get behind an async fn",
    ops: OPS,
    run: async (n) => {
      for (let i = 0; i < n; i++) sink = await storeGet(keys[i % KEYS]!);
    },
  },
  {
    name: "memoryStore get, entries with a ttl",
    ops: OPS,
    run: async (n) => {
      for (let i = 0; i < n; i++) sink = await ttlGet(keys[i % KEYS]!);
    },
  },
  {
    name: "lru-cache get (sync)",
    ops: OPS,
    run: (n) => {
      for (let i = 0; i < n; i++) sink = lru.get(keys[i % KEYS]!);
    },
  },
  {
    name: "keyv default (Map, JSON) await get",
    ops: OPS / 50,
    run: async (n) => {
      for (let i = 0; i < n; i++) sink = await keyv.get(keys[i % KEYS]!);
    },
  },
];

const nsPerOp: number[][] = scenarios.map(() => []);
for (const s of scenarios) await s.run(s.ops / 4); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, s] of scenarios.entries()) {
    const start = process.hrtime.bigint();
    await s.run(s.ops);
    nsPerOp[index]!.push(Number(process.hrtime.bigint() - start) / s.ops);
  }
}
if (sink === Symbol.for("never")) console.log(sink);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const floor = median(nsPerOp[0]!);
console.log(`memory hit path, 1 KB value, ${ROUNDS} rounds (median), node ${process.version}`);
for (const [index, s] of scenarios.entries()) {
  const ns = median(nsPerOp[index]!);
  console.log(`${s.name.padEnd(48)} ${ns.toFixed(1).padStart(9)} ns/op   ${(ns / floor).toFixed(2).padStart(7)}× the floor`);
}
