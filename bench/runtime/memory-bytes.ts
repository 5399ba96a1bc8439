/**
 * Retained heap of `memoryStore` against lru-cache holding the same 1 KB objects (docs/performance.md#memory):
 * heapUsed after GC for 100,000 entries, several rounds in one process, median.
 * Target: memoryStore ≤ 1.2× lru-cache. Also prints how close `prepareValue`'s estimate is.
 *
 *   node --expose-gc --import tsx bench/runtime/memory-bytes.ts
 */
import { LRUCache } from "lru-cache";
import { memoryStore } from "../../src/runtime/stores/memory.js";
import { prepareValue } from "../../src/runtime/values/index.js";
import { value1kb } from "./value-1kb.js";

const N = Number(process.env["ENTRIES"] ?? 100_000);
const ROUNDS = Number(process.env["ROUNDS"] ?? 3);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

function heapAfterGc(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

function measureLru(): number {
  const base = heapAfterGc();
  const lru = new LRUCache<string, object>({ max: N });
  for (let i = 0; i < N; i++) lru.set(`user:${i}`, value1kb(i));
  const used = heapAfterGc() - base;
  if (lru.size !== N) throw new Error("lru-cache lost entries");
  return used;
}

function measureStore(): { used: number; estimated: number } {
  const base = heapAfterGc();
  const store = memoryStore({ maxSize: "2GB" });
  const partition = store.partition("user_data", {});
  for (let i = 0; i < N; i++) {
    const key = `user:${i}`;
    const { value } = prepareValue(value1kb(i), { key, cache: "user_data", layer: "edge" });
    partition.set(key, { value, storedAt: Date.now() });
  }
  const used = heapAfterGc() - base;
  if (partition.get("user:0") === undefined) throw new Error("memoryStore lost entries");
  return { used, estimated: store.bytes() };
}

const lruBytes: number[] = [];
const storeBytes: number[] = [];
const estimates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  lruBytes.push(measureLru());
  const { used, estimated } = measureStore();
  storeBytes.push(used);
  estimates.push(estimated);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const lru = median(lruBytes) / N;
const store = median(storeBytes) / N;
const estimate = median(estimates) / N;
console.log(`heapUsed after GC, ${N} entries of ~1 KB, ${ROUNDS} rounds (median), node ${process.version}`);
console.log(`lru-cache (max ${N}), object values     ${lru.toFixed(0).padStart(6)} bytes/entry   1.00×`);
console.log(`memoryStore (frozen copies + entries)   ${store.toFixed(0).padStart(6)} bytes/entry   ${(store / lru).toFixed(2)}×`);
console.log(`memoryStore's own estimate (bytes())    ${estimate.toFixed(0).padStart(6)} bytes/entry   ${(estimate / store).toFixed(2)}× the measured heap`);
