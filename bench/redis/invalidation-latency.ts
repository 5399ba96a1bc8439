/**
 * Invalidation latency between processes: a write through the layer in one process (tieredStore +
 * redisBus) until the key has left another process's memory tier (its `invalidate` event from the
 * bus), on the machine's monotonic clock. Target: p99 < 5 ms on loopback. Two reader/writer pairs
 * take turns round by round: one with the bus's heartbeat (a ping per second per process, the
 * default), one with it slowed to nothing, so the heartbeat's effect shows under the same noise.
 *
 *   node --import tsx bench/redis/invalidation-latency.ts [rounds]
 */
import { spawnWorker, type Worker } from "../../test/helpers/processes.js";
import { redisStore } from "../../src/runtime/redis/redis-store.js";
import { deleteNamespace, testNamespace } from "../../test/redis/support.js";
import { percentile } from "./harness.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const rounds = Number(process.argv[2] ?? 1000);

interface Pair {
  readonly label: string;
  readonly namespace: string;
  readonly reader: Worker;
  readonly writer: Worker;
  readonly seed: ReturnType<typeof redisStore>;
  readonly latencies: number[];
  readonly acks: number[];
}

function pair(label: string, extra: Record<string, string>): Pair {
  const namespace = testNamespace("bench-bus:");
  const env = { REDIS_URL: url, NAMESPACE: namespace, STORE: "tiered", ...extra };
  return {
    label,
    namespace,
    reader: spawnWorker("test/redis/workers/bus-latency.ts", { ...env, ROLE: "reader" }),
    writer: spawnWorker("test/redis/workers/bus-latency.ts", { ...env, ROLE: "writer" }),
    seed: redisStore(url, { namespace }),
    latencies: [],
    acks: [],
  };
}

async function round({ reader, writer, seed, latencies, acks }: Pair, i: number): Promise<void> {
  const key = `note:${i}`;
  await seed.partition("notes", {}).set(key, { value: { v: 1 }, storedAt: Date.now() });
  reader.send({ read: key });
  await reader.next((m) => m.filled === key);
  writer.send({ write: key, value: { v: 2 } });
  const wrote = await writer.next((m) => m.wrote === key);
  const forgot = await reader.next((m) => m.forgot === key, 10_000);
  latencies.push((forgot.at as number) - (wrote.at as number));
  acks.push((wrote.ackedAt as number) - (wrote.at as number));
}

const pairs = [pair("heartbeat 1 s (default)", {}), pair("heartbeat off (one ping per 10^9 ms)", { BUS_HEARTBEAT_MS: "1000000000" })];
try {
  await Promise.all(pairs.flatMap((p) => [p.reader.next((m) => m.ready === true, 60_000), p.writer.next((m) => m.ready === true, 60_000)]));
  // Each pair goes first every other round: neither always measures right after the other.
  for (let i = 0; i < rounds; i++) for (const p of i % 2 ? [...pairs].reverse() : pairs) await round(p, i);
} finally {
  for (const p of pairs) {
    p.reader.send({ stop: true });
    p.writer.send({ stop: true });
  }
  await Promise.race([Promise.all(pairs.flatMap((p) => [p.reader.exited, p.writer.exited])), new Promise((resolve) => setTimeout(resolve, 5000))]);
  for (const p of pairs) {
    p.reader.kill("SIGKILL");
    p.writer.kill("SIGKILL");
    await p.seed.close();
    await deleteNamespace(p.namespace);
  }
}
const f = (n: number) => n.toFixed(2);
const row = (label: string, values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `| ${label} | ${f(percentile(sorted, 50))} | ${f(percentile(sorted, 90))} | ${f(percentile(sorted, 99))} | ${f(sorted.at(-1)!)} |`;
};
console.log(`| measure (${rounds} rounds per pair) | p50 ms | p90 ms | p99 ms | max ms |`);
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const p of pairs) {
  console.log(row(`write in process A → key dropped from process B's memory tier, ${p.label}`, p.latencies));
  console.log(row(`(for scale) the write's own round trip in A: Redis SET + PUBLISH, ${p.label}`, p.acks));
}
const p99 = percentile(
  [...pairs[0]!.latencies].sort((a, b) => a - b),
  99,
);
console.log(`target: p99 < 5 ms on loopback with the heartbeat → ${p99 < 5 ? "met" : "not met on this run"}`);
