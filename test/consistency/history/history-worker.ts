// Worker of the multi-process histories: a server layer on tieredStore(memoryStore, redisStore) with a
// redisBus, through the public entry, over a slow source that reads the shared database (plain Redis
// keys read with @redis/client, so every process sees one truth). On {go}, it runs a mixed workload —
// reads, writes (database first, then `set`, as an application does), invalidations and `atomicUpdate`
// increments — and streams every operation to the parent ({ops: HistoryOp[]}) until {stop}; {final}
// reads every record once more; {close} closes everything and exits.
//
// Its environment (HISTORY, JSON of WorkerConfig) says where Redis, the bus and the database are.
import { createClient } from "@redis/client";
import {
  createLayer,
  LockTimeoutError,
  memoryStore,
  redisBus,
  redisStore,
  tieredStore,
  WriteOutcomeUnknownError,
  type InvalidationBus,
} from "../../../src/index.node.js";
import { onParentMessage, tellParent } from "../../helpers/processes.js";
import { databaseKey, historyApp, type CounterKey, type RecordKey, type RecordValue } from "./history-app.js";
import { machineNow, type HistoryOp } from "./history-op.js";

/** What a worker is told in its environment. */
export interface WorkerConfig {
  /** "w0", "w1"… */
  readonly id: string;
  /** The cache's Redis (the private redis-server). */
  readonly cacheUrl: string;
  /**
   * How the bus reaches Redis: `direct`; `subscriber`: its subscriber connection through `proxyUrl`,
   * its publishes direct; `whole`: the whole bus through `proxyUrl`.
   */
  readonly bus: "direct" | "subscriber" | "whole";
  readonly proxyUrl?: string | undefined;
  /** The database's Redis (its keys live under `namespace` too). */
  readonly databaseUrl: string;
  readonly namespace: string;
  /** Every record key (read and invalidated by anyone) and this worker's own (the only ones it writes). */
  readonly recordKeys: readonly RecordKey[];
  readonly ownKeys: readonly RecordKey[];
  readonly counterKeys: readonly CounterKey[];
  /** Concurrent loops of reads, writes and invalidations; of increments. */
  readonly recordLoops: number;
  readonly incrementLoops: number;
  /** The share of writes and of invalidations among the record loops' operations; the rest are reads. */
  readonly writeShare: number;
  readonly invalidateShare: number;
  /** Pause after each operation of a loop: uniform in [0, thinkMs). */
  readonly thinkMs: number;
  /** The source's delay after reading the database: uniform in [0, loadMs) (a slow source widens the stale-fill window). */
  readonly loadMs: number;
}

const config = JSON.parse(process.env.HISTORY ?? "{}") as WorkerConfig;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

const database = createClient({ url: config.databaseUrl });
database.on("error", () => {});
await database.connect();

const shared = redisStore(config.cacheUrl, { namespace: config.namespace, layer: "server" });
const store = tieredStore(memoryStore({ maxSize: "16MB" }), shared);
const { bus, listening } = openBus();
const layer = createLayer(historyApp, "server", {
  store,
  bus,
  sources: {
    records: {
      load: async (key: string): Promise<RecordValue | undefined> => {
        const text = await database.get(databaseKey(config.namespace, key));
        await sleep(Math.random() * config.loadMs);
        return text === null ? undefined : { v: (JSON.parse(text) as { v: number }).v, via: "load", by: config.id };
      },
    },
  },
});
const records = layer.own("records");
// Looked at (synchronously, just before a read) to tell which reads the memory tier answered.
const localRecords = store.partition("records", {}).local;
const counters = layer.own("counters");
await Promise.all([shared.ready, listening()]);

/** The bus as the config says: direct, or with its subscriber connection (or all of it) through the proxy. */
function openBus(): { bus: InvalidationBus; listening: () => Promise<unknown> } {
  const options = { namespace: config.namespace };
  if (config.bus !== "subscriber") {
    const whole = redisBus(config.bus === "whole" ? (config.proxyUrl ?? "") : config.cacheUrl, options);
    return { bus: whole, listening: () => whole.listening() };
  }
  // redisBus takes one URL for both of its connections: two buses, one publishing, one listening.
  const publisher = redisBus(config.cacheUrl, options);
  const subscriber = redisBus(config.proxyUrl ?? "", options);
  const hears: InvalidationBus = subscriber;
  const bus: InvalidationBus = {
    publish: (message) => publisher.publish(message),
    subscribe: (onMessage, onReconnect) => subscriber.subscribe(onMessage, onReconnect),
    // Whether this process's copies can be trusted is for the listening side to say.
    get state() {
      return hears.state;
    },
    ...(hears.onState ? { onState: (listener: Parameters<NonNullable<InvalidationBus["onState"]>>[0]) => hears.onState!(listener) } : {}),
    close: async () => {
      await Promise.all([publisher.close(), subscriber.close()]);
    },
  };
  return { bus, listening: () => Promise.all([publisher.listening(), subscriber.listening()]) };
}

// ── recording ───────────────────────────────────────────────────────────

let batch: HistoryOp[] = [];
function record(op: Omit<HistoryOp, "process">): void {
  batch.push({ process: config.id, ...op });
}
function flush(): void {
  if (batch.length === 0) return;
  tellParent({ ops: batch });
  batch = [];
}
const flusher = setInterval(flush, 100);

/** The error's class, and its cause's: "StoreError/RedisTimeoutError". */
function errorClass(error: unknown): string {
  const name = (value: unknown) => (value instanceof Error ? value.name : typeof value);
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause === undefined ? name(error) : `${name(error)}/${name(cause)}`;
}

// ── operations ──────────────────────────────────────────────────────────

async function read(key: RecordKey, final = false): Promise<void> {
  const start = machineNow();
  try {
    const near = localRecords.get(key);
    const local = near !== undefined && !(near instanceof Promise);
    const value = (await records.get(key)) as RecordValue | undefined;
    record({
      kind: "read",
      key,
      start,
      end: machineNow(),
      outcome: "ok",
      version: value?.v ?? -1,
      via: value?.via,
      source: sourceOf(value, local),
      final: final || undefined,
    });
  } catch (error) {
    record({ kind: "read", key, start, end: machineNow(), outcome: "failed", error: errorClass(error), final: final || undefined });
  }
}

/**
 * What answered a read (see `HistoryOp.source`): the memory tier; the shared store, which alone carries
 * a set value or another process's load into this process; else a load of this process (this read's,
 * or one it joined, or one it found in the shared store: a load cannot tell which).
 */
function sourceOf(value: RecordValue | undefined, local: boolean): HistoryOp["source"] {
  if (local) return "local";
  if (value !== undefined && (value.via === "set" || value.by !== config.id)) return "store";
  return "load";
}

// One writer per key, and its writes of a key one at a time: versions reach the database in order.
const versions = new Map<string, number>();
const writing = new Map<string, Promise<void>>();
function write(key: RecordKey): Promise<void> {
  const next = (writing.get(key) ?? Promise.resolve()).then(() => writeNow(key));
  writing.set(key, next);
  return next;
}

async function writeNow(key: RecordKey): Promise<void> {
  const version = (versions.get(key) ?? 0) + 1;
  versions.set(key, version);
  const start = machineNow();
  try {
    await database.set(databaseKey(config.namespace, key), JSON.stringify({ v: version }));
  } catch (error) {
    record({ kind: "write", key, start, end: machineNow(), outcome: "failed", version, error: `database/${errorClass(error)}` });
    return;
  }
  try {
    await records.set(key, { v: version, via: "set" } satisfies RecordValue);
    record({ kind: "write", key, start, end: machineNow(), outcome: "ok", version });
  } catch (error) {
    record({
      kind: "write",
      key,
      start,
      end: machineNow(),
      outcome: error instanceof WriteOutcomeUnknownError ? "unknown" : "failed",
      version,
      error: errorClass(error),
    });
  }
}

async function invalidate(key: RecordKey): Promise<void> {
  const start = machineNow();
  try {
    await records.invalidate(key);
    record({ kind: "invalidate", key, start, end: machineNow(), outcome: "ok" });
  } catch (error) {
    record({ kind: "invalidate", key, start, end: machineNow(), outcome: "failed", error: errorClass(error) });
  }
}

/** One increment; after an unknown outcome, retried with its operation id (G3: never applied twice). */
async function increment(key: CounterKey): Promise<void> {
  const start = machineNow();
  let id: string | undefined;
  let lockTimeouts = 0;
  let lastError: unknown;
  for (let attempt = 1; attempt <= 4; attempt++) {
    try {
      const result = (await counters.atomicUpdate(key, (n) => ((n as number | undefined) ?? 0) + 1, id === undefined ? undefined : { id })) as number;
      record({ kind: "increment", key, start, end: machineNow(), outcome: "ok", result, attempts: attempt, lockTimeouts });
      return;
    } catch (error) {
      lastError = error;
      if ((error as { cause?: unknown }).cause instanceof LockTimeoutError) lockTimeouts++;
      if (!(error instanceof WriteOutcomeUnknownError) || error.operationId === undefined) {
        // A definite failure; after an earlier unknown outcome, that first attempt may still have landed.
        record({
          kind: "increment",
          key,
          start,
          end: machineNow(),
          outcome: id === undefined ? "failed" : "unknown",
          error: errorClass(error),
          attempts: attempt,
          lockTimeouts,
        });
        return;
      }
      id = error.operationId;
    }
  }
  record({ kind: "increment", key, start, end: machineNow(), outcome: "unknown", error: errorClass(lastError), attempts: 4, lockTimeouts });
}

// ── the workload ────────────────────────────────────────────────────────

let running = false;

async function recordLoop(): Promise<void> {
  while (running) {
    const dice = Math.random();
    if (dice < config.writeShare) await write(pick(config.ownKeys));
    else if (dice < config.writeShare + config.invalidateShare) await invalidate(pick(config.recordKeys));
    else await read(pick(config.recordKeys));
    await sleep(Math.random() * config.thinkMs);
  }
}

async function incrementLoop(): Promise<void> {
  while (running) {
    await increment(pick(config.counterKeys));
    await sleep(Math.random() * config.thinkMs);
  }
}

let loops: Promise<void>[] = [];
tellParent({ ready: true, pid: process.pid });
onParentMessage((message) => void obey(message));

async function obey(message: Record<string, unknown>): Promise<void> {
  if (message.go === true) {
    running = true;
    loops = [...Array.from({ length: config.recordLoops }, recordLoop), ...Array.from({ length: config.incrementLoops }, incrementLoop)];
  } else if (message.stop === true) {
    running = false;
    await Promise.all(loops);
    flush();
    tellParent({ stopped: true });
  } else if (message.final === true) {
    for (const key of config.recordKeys) await read(key, true);
    flush();
    tellParent({ finalDone: true });
  } else if (message.close === true) {
    clearInterval(flusher);
    flush();
    await layer.close();
    await bus.close?.();
    await store.close();
    database.destroy();
    tellParent({ closed: true });
    process.exit(0);
  }
}
