/**
 * `atomicUpdate` throughput under contention on one key: one process with 64 in flight (Redis lock
 * vs the in-process lock of a memory store), and 4 processes × N concurrent increments through the
 * Redis lock (the figure that matters for a server layer with several processes). Then the lock's
 * fairness: 4 processes × 3 loops hammering one key for 3 s with a 1 s lock wait, each process's
 * updates and lock timeouts.
 *
 *   node --import tsx bench/redis/atomic-update-throughput.ts [perProcess]
 */
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { redisStore } from "../../src/runtime/redis/redis-store.js";
import { memoryStore } from "../../src/runtime/stores/memory.js";
import { spawnWorker } from "../../test/helpers/processes.js";
import { deleteNamespace, testNamespace } from "../../test/redis/support.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const perProcess = Number(process.argv[2] ?? 500);
const app = Object.freeze({
  layers: ["client", "edge", "server"],
  caches: { accounts: { primary: "server", owns: ["account:*"], exclusive: true, hardTimeout: "60s" } },
} as const);
const increment = (n: unknown) => ((n as number | undefined) ?? 0) + 1;

async function inProcess(label: string, store: ReturnType<typeof redisStore> | ReturnType<typeof memoryStore>, total: number): Promise<string> {
  const layer = createLayerRuntime(app, "server", { store });
  const accounts = layer.own("accounts");
  await accounts.atomicUpdate("account:warm", increment);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next++ < total) await accounts.atomicUpdate("account:1", increment);
    }),
  );
  const ms = performance.now() - started;
  const final = await accounts.get("account:1");
  await layer.close();
  return `| ${label} | ${total} | ${ms.toFixed(0)} | ${Math.round(total / (ms / 1000))} | ${final === total ? "yes" : `no (${String(final)})`} |`;
}

const rows: string[] = [];
const ns1 = testNamespace("bench-atomic:");
const redis = redisStore(url, { namespace: ns1, layer: "server" });
rows.push(await inProcess("1 process, 64 in flight, redisStore (Redis lock)", redis, 2000));
await redis.close();
await deleteNamespace(ns1);
rows.push(await inProcess("1 process, 64 in flight, memoryStore (in-process lock), reference", memoryStore(), 20_000));

const ns2 = testNamespace("bench-atomic-mp:");
const workers = Array.from({ length: 4 }, () =>
  spawnWorker("test/redis/workers/atomic-increment.ts", { REDIS_URL: url, NAMESPACE: ns2, COUNT: String(perProcess), LOCK_TTL: "60s" }),
);
try {
  await Promise.all(workers.map((w) => w.next((m) => m.ready === true, 60_000)));
  const started = performance.now();
  for (const w of workers) w.send({ go: true });
  const reports = await Promise.all(workers.map((w) => w.next((m) => m.done === true, 300_000)));
  const ms = performance.now() - started;
  const store = redisStore(url, { namespace: ns2 });
  const final = (await store.partition("accounts", {}).get("account:1"))?.value;
  await store.close();
  const total = perProcess * 4;
  const failed = reports.reduce((s, r) => s + (r.failed as number), 0);
  rows.push(
    `| 4 processes × ${perProcess} concurrent, redisStore (Redis lock) | ${total} | ${ms.toFixed(0)} | ${Math.round(total / (ms / 1000))} | ${final === total && failed === 0 ? "yes" : `no (${String(final)}, ${failed} failed)`} |`,
  );
} finally {
  for (const w of workers) w.kill("SIGKILL");
  await deleteNamespace(ns2);
}
console.log("| atomicUpdate on one key | updates | ms | updates/s | final value exact |");
console.log("| --- | ---: | ---: | ---: | --- |");
for (const row of rows) console.log(row);

const ns3 = testNamespace("bench-atomic-fair:");
const hammers = Array.from({ length: 4 }, () =>
  spawnWorker("test/redis/workers/lock-hammer.ts", { REDIS_URL: url, NAMESPACE: ns3, LOCK_TTL: "1s", LOOPS: "3", DURATION_MS: "3000" }),
);
try {
  await Promise.all(hammers.map((w) => w.next((m) => m.ready === true, 60_000)));
  for (const w of hammers) w.send({ go: true });
  const reports = await Promise.all(hammers.map((w) => w.next((m) => m.done === true, 60_000)));
  const updates = reports.map((r) => r.updates as number);
  const total = updates.reduce((sum, n) => sum + n, 0);
  console.log("");
  console.log(
    "| 4 processes × 3 loops, one key, 3 s, lock wait 1 s | updates | updates/s | per process (updates/timeouts) | smallest share | longest gap ms |",
  );
  console.log("| --- | ---: | ---: | --- | ---: | ---: |");
  console.log(
    `| redisStore (Redis lock) | ${total} | ${Math.round(total / 3)} | ${reports.map((r) => `${r.updates as number}/${r.timeouts as number}`).join(", ")} | ${((100 * Math.min(...updates)) / total).toFixed(1)}% | ${Math.max(...reports.map((r) => r.maxGapMs as number))} |`,
  );
} finally {
  for (const w of hammers) w.kill("SIGKILL");
  await deleteNamespace(ns3);
}
