/**
 * Invalidation latency between processes: a write through the layer in one process (tieredStore +
 * redisBus) until the key has left another process's memory tier (its `invalidate` event from the
 * bus), on the machine's monotonic clock. Target: p99 < 5 ms on loopback.
 *
 *   node --import tsx bench/redis/invalidation-latency.ts [rounds]
 */
import { spawnWorker } from "../../test/helpers/processes.js";
import { redisStore } from "../../src/runtime/redis/redis-store.js";
import { deleteNamespace, testNamespace } from "../../test/redis/support.js";
import { percentile } from "./harness.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const rounds = Number(process.argv[2] ?? 1000);
const namespace = testNamespace("bench-bus:");
const env = { REDIS_URL: url, NAMESPACE: namespace, STORE: "tiered" };
const reader = spawnWorker("test/redis/workers/bus-latency.ts", { ...env, ROLE: "reader" });
const writer = spawnWorker("test/redis/workers/bus-latency.ts", { ...env, ROLE: "writer" });
const seedStore = redisStore(url, { namespace });
const seed = seedStore.partition("notes", {});
const latencies: number[] = [];
const acks: number[] = [];
try {
  await Promise.all([reader.next((m) => m.ready === true, 60_000), writer.next((m) => m.ready === true, 60_000)]);
  for (let i = 0; i < rounds; i++) {
    const key = `note:${i}`;
    await seed.set(key, { value: { v: 1 }, storedAt: Date.now() });
    reader.send({ read: key });
    await reader.next((m) => m.filled === key);
    writer.send({ write: key, value: { v: 2 } });
    const wrote = await writer.next((m) => m.wrote === key);
    const forgot = await reader.next((m) => m.forgot === key, 10_000);
    latencies.push((forgot.at as number) - (wrote.at as number));
    acks.push((wrote.ackedAt as number) - (wrote.at as number));
  }
} finally {
  reader.send({ stop: true });
  writer.send({ stop: true });
  await Promise.race([Promise.all([reader.exited, writer.exited]), new Promise((resolve) => setTimeout(resolve, 5000))]);
  reader.kill("SIGKILL");
  writer.kill("SIGKILL");
  await seedStore.close();
  await deleteNamespace(namespace);
}
latencies.sort((a, b) => a - b);
acks.sort((a, b) => a - b);
const f = (n: number) => n.toFixed(2);
console.log(`| measure (${rounds} rounds) | p50 ms | p90 ms | p99 ms | max ms |`);
console.log("| --- | ---: | ---: | ---: | ---: |");
console.log(`| write in process A → key dropped from process B's memory tier | ${f(percentile(latencies, 50))} | ${f(percentile(latencies, 90))} | ${f(percentile(latencies, 99))} | ${f(latencies.at(-1)!)} |`);
console.log(`| (for scale) the write's own round trip in A: Redis SET + PUBLISH | ${f(percentile(acks, 50))} | ${f(percentile(acks, 90))} | ${f(percentile(acks, 99))} | ${f(acks.at(-1)!)} |`);
console.log(`target: p99 < 5 ms on loopback → ${percentile(latencies, 99) < 5 ? "met" : "not met on this run"}`);
