/**
 * What a value costs where it is walked: `prepareValue` at each `set` (check, copy, freeze, measure),
 * `serialize` on each Redis write and each HTTP read, `valueBytes` for a value no layer prepared.
 * Baselines in the same process: `structuredClone` for a copy, `JSON.stringify` for wire text.
 * Two values of about 1 KB: plain JSON data (`value1kb`), and the same with a Date, Map, Set, bigint and
 * bytes, which the wire format tags. Many short rounds, median ns per value.
 *
 *   node --import tsx bench/runtime/value-walk.ts [rounds]
 */
import { prepareValue, valueBytes } from "../../src/runtime/values/index.js";
import { serialize, serializeEntry } from "../../src/runtime/serialize/index.js";
import { value1kb } from "./value-1kb.js";

const ROUNDS = Number(process.argv[2] ?? 41);
const OPS = 4_000;
const POOL = 256;
const ctx = { key: "user:1", cache: "user_data", layer: "server" };

const tagged = (i: number): Record<string, unknown> => ({
  ...value1kb(i),
  at: new Date(1_700_000_000_000 + i),
  roles: new Set(["admin", "editor"]),
  counts: new Map([["views", BigInt(i) * 1_000_000_007n]]),
  avatar: new Uint8Array(32).fill(i % 256),
});
const plain = Array.from({ length: POOL }, (_, i) => value1kb(i));
const rich = Array.from({ length: POOL }, (_, i) => tagged(i));
const plainStored = plain.map((value) => prepareValue(value, ctx).value);
const richStored = rich.map((value) => prepareValue(value, ctx).value);

type Scenario = { readonly name: string; readonly baseline?: string; readonly run: (i: number) => unknown };
const scenarios: Scenario[] = [
  { name: "plain: structuredClone", run: (i) => structuredClone(plain[i % POOL]) },
  { name: "plain: prepareValue (set on memoryStore)", baseline: "plain: structuredClone", run: (i) => prepareValue(plain[i % POOL], ctx) },
  {
    name: "plain: prepareValue copy: false (check, measure)",
    baseline: "plain: structuredClone",
    run: (i) => prepareValue(plain[i % POOL], ctx, { copy: false }),
  },
  { name: "plain: valueBytes of an unprepared value", baseline: "plain: structuredClone", run: (i) => valueBytes(plain[i % POOL]) },
  { name: "plain: JSON.stringify", run: (i) => JSON.stringify(plain[i % POOL]) },
  { name: "plain: serialize", baseline: "plain: JSON.stringify", run: (i) => serialize(plain[i % POOL]) },
  { name: "plain: serialize a stored value (HTTP read)", baseline: "plain: JSON.stringify", run: (i) => serialize(plainStored[i % POOL]) },
  {
    name: "plain: serializeEntry a stored value (Redis)",
    baseline: "plain: JSON.stringify",
    run: (i) => serializeEntry({ value: plainStored[i % POOL], storedAt: i }),
  },
  { name: "tagged: structuredClone", run: (i) => structuredClone(rich[i % POOL]) },
  { name: "tagged: prepareValue", baseline: "tagged: structuredClone", run: (i) => prepareValue(rich[i % POOL], ctx) },
  { name: "tagged: prepareValue copy: false", baseline: "tagged: structuredClone", run: (i) => prepareValue(rich[i % POOL], ctx, { copy: false }) },
  { name: "tagged: serialize", baseline: "plain: JSON.stringify", run: (i) => serialize(rich[i % POOL]) },
  { name: "tagged: serialize a stored value", baseline: "plain: JSON.stringify", run: (i) => serialize(richStored[i % POOL]) },
];

let sink: unknown;
const nsPerOp: number[][] = scenarios.map(() => []);
for (const s of scenarios) for (let i = 0; i < OPS; i++) sink = s.run(i); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, s] of scenarios.entries()) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < OPS; i++) sink = s.run(i);
    nsPerOp[index]!.push(Number(process.hrtime.bigint() - start) / OPS);
  }
}
if (sink === Symbol.for("never")) console.log(sink);

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const medians = new Map(scenarios.map((s, index) => [s.name, median(nsPerOp[index]!)]));
console.log(`value walks, ~1 KB values (${JSON.stringify(plain[0]).length} B plain), ${ROUNDS} rounds × ${OPS} values (median), node ${process.version}`);
for (const s of scenarios) {
  const ns = medians.get(s.name)!;
  const ratio = s.baseline === undefined ? "" : `${(ns / medians.get(s.baseline)!).toFixed(2).padStart(6)}× ${s.baseline}`;
  console.log(`${s.name.padEnd(50)} ${ns.toFixed(0).padStart(7)} ns   ${ratio}`);
}
