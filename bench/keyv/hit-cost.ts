/**
 * What a hit through `keyvStore` costs next to the adapter's own `get`, per adapter, on its real
 * backend, in the same process (bench/redis/harness.ts: interleaved slices, median of rounds). The
 * baseline is `adapter.get(key)` of the very record keyvStore reads; the store adds its deadline, its
 * error checks and the decoding of the entry (a 200-byte JSON value with a Date). The bar: within 1.1×.
 * Beside it, the adapter's `get` then `decodeRecord`, with no store around them: the floor, what any
 * reader of the record pays (the adapter hands back text; keyvStore hands back the entry).
 * Then the same hit over an adapter that answers from memory at once, which shows what the store itself
 * costs in CPU per hit without any backend's noise (on a shared machine the ratios move by ±10%).
 *
 *   node --import tsx bench/keyv/hit-cost.ts                   every adapter whose backend is here
 *   node --import tsx bench/keyv/hit-cost.ts @keyv/sqlite      some
 */
import { runGroup } from "../redis/harness.js";
import { keyvStore } from "../../src/runtime/stores/keyv-store.js";
import { decodeRecord } from "../../src/runtime/stores/keyv-record.js";
import { BACKEND_NAMES, adapterFor, disconnect, missing, startBackend } from "../../test/stores/keyv-backends.js";

const wanted = process.argv.slice(2);
const value = { id: 42, name: "Ada Lovelace", tags: ["math", "engines"], at: new Date(1_700_000_000_000), score: 0.97, bio: "x".repeat(80) };
const lines = [
  "| adapter | sequential: keyvStore hit / adapter.get | get + decode alone (the floor) | 16 in flight | floor, 16 in flight | adapter.get, sequential |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
];
let over = 0;

for (const name of BACKEND_NAMES.filter((n) => wanted.length === 0 || wanted.includes(n))) {
  const absent = await missing(name);
  if (absent) {
    console.error(`${name}: skipped, ${absent}`);
    continue;
  }
  const run = await startBackend(name);
  const adapter = adapterFor(run.target);
  try {
    const partition = keyvStore(adapter, { namespace: run.namespace }).partition("bench", {});
    await partition.set("user:42", { value, storedAt: Date.now() });
    const full = `${run.namespace}::bench::user:42`;
    const raw = adapter as unknown as { get(key: string): Promise<unknown> };
    if ((await partition.get("user:42"))?.value === undefined || (await raw.get(full)) === undefined)
      throw new Error(`${name}: the record is not where the bench reads it`);
    const cost: string[] = [];
    const floor: string[] = [];
    let baseOps = 0;
    for (const concurrency of [1, 16]) {
      const result = await runGroup(
        `${name}, ${concurrency} in flight`,
        [
          { name: "adapter.get", run: () => raw.get(full), concurrency },
          { name: "keyvStore partition.get", run: () => partition.get("user:42"), concurrency },
          // Last, so the two figures of the bar keep their places in each slice.
          { name: "adapter.get, then decodeRecord", run: () => raw.get(full).then(decodeRecord), concurrency },
        ],
        { rounds: 9, ms: 800, slices: 16 },
      );
      const times = 1 / result.rows[1]!.medianRatio; // time per hit, keyvStore over adapter
      if (concurrency === 1 && times > 1.1) over++; // the bar is sequential; 16 in flight is shown, not judged
      cost.push(`${times.toFixed(2)}×`);
      floor.push(`${(1 / result.rows[2]!.medianRatio).toFixed(2)}×`);
      if (concurrency === 1) baseOps = result.rows[0]!.medianOps;
    }
    lines.push(`| \`${name}\` | **${cost[0]}** | ${floor[0]} | ${cost[1]} | ${floor[1]} | ${Math.round(baseOps).toLocaleString("en")} ops/s |`);
    process.stderr.write(`${name} done\n`);
  } finally {
    await disconnect(adapter);
    await run.cleanup();
  }
}

// The store's own CPU per hit: an adapter that answers from a Map at once (an async function, as adapters are).
const memory = new Map<string, unknown>();
const instant = {
  get: async (key: string) => memory.get(key),
  set: async (key: string, record: unknown) => void memory.set(key, record),
  delete: async (key: string) => memory.delete(key),
};
const instantPartition = keyvStore(instant as never, { namespace: "cpu" }).partition("bench", {});
await instantPartition.set("user:42", { value, storedAt: 1 });
const record = memory.get("cpu::bench::user:42") as string;
const perHit = async (run: () => unknown, n = 200_000): Promise<number> => {
  for (let i = 0; i < n / 10; i++) await run();
  const started = performance.now();
  for (let i = 0; i < n; i++) await run();
  return ((performance.now() - started) * 1000) / n;
};
const cpu = { adapter: Infinity, store: Infinity, decode: Infinity };
for (let round = 0; round < 5; round++) {
  cpu.adapter = Math.min(cpu.adapter, await perHit(() => instant.get("cpu::bench::user:42")));
  cpu.store = Math.min(cpu.store, await perHit(() => instantPartition.get("user:42")));
  cpu.decode = Math.min(cpu.decode, await perHit(() => decodeRecord(record)));
}
lines.push(
  "",
  `CPU per hit (best of 5, an adapter answering at once): adapter.get ${cpu.adapter.toFixed(2)} µs, keyvStore partition.get ${cpu.store.toFixed(2)} µs, of which decoding the entry ${cpu.decode.toFixed(2)} µs.`,
);
console.log(lines.join("\n"));
process.exit(over === 0 ? 0 : 1);
