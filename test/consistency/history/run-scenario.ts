/**
 * Runs one scenario and returns its history: a private redis-server with an append-only file synced
 * on every write, a black-holing proxy when the fault needs one, the database seeded on the shared
 * Redis, worker processes started, released together, faulted on schedule, stopped, read one final
 * time after the faults healed, and closed. Every process is stopped by PID, every key deleted.
 */
import { redisStore } from "../../../src/index.node.js";
import { startBlackHoleProxy, type BlackHoleProxy } from "../../helpers/black-hole-proxy.js";
import { spawnWorker, type Worker } from "../../helpers/processes.js";
import { startRedisServer, type PrivateRedis } from "../../helpers/redis-server.js";
import { deleteNamespace, rawClient, testNamespace } from "../../redis/support.js";
import { databaseKey, type CounterKey, type RecordKey } from "./history-app.js";
import { machineNow, type HistoryOp } from "./history-op.js";
import type { WorkerConfig } from "./history-worker.js";
import type { Scenario } from "./scenarios.js";

/** The workload's shape. */
export interface WorkloadOptions {
  readonly workers: number;
  readonly keysPerWorker: number;
  readonly counters: number;
  readonly recordLoops: number;
  readonly incrementLoops: number;
  /** Shares of the record loops' operations (the rest are reads). */
  readonly writeShare: number;
  readonly invalidateShare: number;
  readonly thinkMs: number;
  readonly loadMs: number;
  /** Wait between stopping the workload and the final reads. */
  readonly settleMs: number;
  /** The database's Redis (never faulted). */
  readonly databaseUrl: string;
}

/** The default workload: 3 processes, 8 records each, 1 hot counter. */
export const defaultWorkload: WorkloadOptions = {
  workers: 3,
  keysPerWorker: 8,
  counters: 1,
  recordLoops: 3,
  incrementLoops: 2,
  writeShare: 0.15,
  invalidateShare: 0.03,
  thinkMs: 4,
  loadMs: 10,
  settleMs: 300,
  databaseUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
};

/** What one scenario recorded. */
export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly ops: HistoryOp[];
  /** The counters' values in the store after the workers stopped. */
  readonly finals: Record<string, number | undefined>;
  /** When each fault began and ended (machine clock). */
  readonly faultTimes: { start: number; end: number }[];
  readonly wallMs: number;
}

const WORKER = "test/consistency/history/history-worker.ts";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `scenario` with `options`' workload.
 *
 * @example
 * const run = await runScenario(scenarios()[0]!, defaultWorkload);
 * checkHistory(run.ops, run.finals, { boundMs: 3000 })
 */
export async function runScenario(scenario: Scenario, options: WorkloadOptions = defaultWorkload): Promise<ScenarioRun> {
  const began = Date.now();
  const namespace = testNamespace("history:");
  const workers: Worker[] = [];
  let redis: PrivateRedis | undefined;
  let proxy: BlackHoleProxy | undefined;
  try {
    redis = await startRedisServer({ appendOnly: true });
    const holed = scenario.fault === "subscriber-black-hole" || scenario.fault === "bus-black-hole";
    if (holed) proxy = await startBlackHoleProxy(redis.port);
    const ids = Array.from({ length: options.workers }, (_, i) => `w${i}`);
    const ownKeys = (id: string) => Array.from({ length: options.keysPerWorker }, (_, i): RecordKey => `rec:${id}:${i}`);
    const recordKeys = ids.flatMap(ownKeys);
    const counterKeys = Array.from({ length: options.counters }, (_, i): CounterKey => `ctr:${i}`);
    await seedDatabase(options.databaseUrl, namespace, recordKeys);

    for (const id of ids) {
      // The last worker is the one whose bus goes through the proxy.
      const victim = holed && id === ids[ids.length - 1];
      const config: WorkerConfig = {
        id,
        cacheUrl: redis.url,
        bus:
          !victim ? "direct"
          : scenario.fault === "subscriber-black-hole" ? "subscriber"
          : "whole",
        proxyUrl: proxy?.url,
        databaseUrl: options.databaseUrl,
        namespace,
        recordKeys,
        ownKeys: ownKeys(id),
        counterKeys,
        recordLoops: options.recordLoops,
        incrementLoops: options.incrementLoops,
        writeShare: options.writeShare,
        invalidateShare: options.invalidateShare,
        thinkMs: options.thinkMs,
        loadMs: options.loadMs,
      };
      workers.push(spawnWorker(WORKER, { HISTORY: JSON.stringify(config) }));
    }
    await Promise.all(workers.map((w) => w.next((m) => m.ready === true, 60_000)));

    const start = machineNow();
    for (const w of workers) w.send({ go: true });
    const faultTimes = await runFaults(scenario, redis, proxy, start);
    await sleep(Math.max(0, start + scenario.durationMs - machineNow()));
    for (const w of workers) w.send({ stop: true });
    await Promise.all(workers.map((w) => w.next((m) => m.stopped === true, 60_000)));
    await sleep(options.settleMs);
    for (const w of workers) w.send({ final: true });
    await Promise.all(workers.map((w) => w.next((m) => m.finalDone === true, 60_000)));
    const finals = await readCounters(redis.url, namespace, counterKeys);
    for (const w of workers) w.send({ close: true });
    await Promise.all(workers.map((w) => w.next((m) => m.closed === true, 30_000).catch(() => undefined)));

    const ops = workers.flatMap((w) => w.messages.flatMap((m) => (Array.isArray(m.ops) ? (m.ops as HistoryOp[]) : [])));
    return { scenario, ops, finals, faultTimes, wallMs: Date.now() - began };
  } finally {
    for (const w of workers) w.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await proxy?.close();
    await redis?.stop();
    await deleteNamespace(namespace, options.databaseUrl);
  }
}

/** Applies the scenario's faults on schedule; resolves when the last one has healed. */
async function runFaults(scenario: Scenario, redis: PrivateRedis, proxy: BlackHoleProxy | undefined, start: number): Promise<{ start: number; end: number }[]> {
  const times: { start: number; end: number }[] = [];
  for (const { atMs, forMs } of scenario.faults) {
    await sleep(Math.max(0, start + atMs - machineNow()));
    const began = machineNow();
    switch (scenario.fault) {
      case "pause":
        redis.pause();
        await sleep(forMs);
        redis.resume();
        break;
      case "kill":
        await redis.kill();
        await sleep(forMs);
        await redis.restart();
        break;
      case "subscriber-black-hole":
      case "bus-black-hole":
        proxy?.blackHole();
        await sleep(forMs);
        proxy?.heal();
        break;
      case "none":
        break;
    }
    times.push({ start: began, end: machineNow() });
  }
  return times;
}

/** Every record starts at version 0 in the database. */
async function seedDatabase(url: string, namespace: string, keys: readonly string[]): Promise<void> {
  const client = await rawClient(url);
  try {
    await Promise.all(keys.map((key) => client.set(databaseKey(namespace, key), JSON.stringify({ v: 0 }))));
  } finally {
    client.destroy();
  }
}

/** The counters as the cache's store holds them, read through a store of their own. */
async function readCounters(url: string, namespace: string, keys: readonly string[]): Promise<Record<string, number | undefined>> {
  const store = redisStore(url, { namespace, layer: "server" });
  try {
    const partition = store.partition("counters", {});
    const finals: Record<string, number | undefined> = {};
    for (const key of keys) finals[key] = (await partition.get(key))?.value as number | undefined;
    return finals;
  } finally {
    await store.close();
  }
}
