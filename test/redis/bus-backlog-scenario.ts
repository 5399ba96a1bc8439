/**
 * The bus backlog after a publisher reconnect, shared by `test/consistency/bus-backlog-drains.test.ts`
 * (which asserts on it) and `bench/redis/bus-backlog.ts` (which prints it). On a private redis-server,
 * a writer process (`workers/bus-backlog-writer.ts`: a layer on tieredStore + redisBus) writes a new
 * key from 16 loops as fast as Redis answers; this process listens on the same namespace with a
 * `redisBus` of its own, as another process's layer would. Mid-load, `CLIENT KILL` drops every
 * connection whose last command was PUBLISH (the writer's publisher, and this bus's own, which only
 * pings). For each acknowledged write: when this process heard its invalidation, or dropped every
 * in-process copy (a "forget everything" message, a reconnect, a bus not `connected`) after it. Only
 * the public API of the bus is used, so the same scenario measures any version of it.
 */
import { redisBus } from "../../src/runtime/redis/redis-bus.js";
import { startRedisServer } from "../helpers/redis-server.js";
import { spawnWorker } from "../helpers/processes.js";
import { preciseNow } from "./workers/layer-setup.js";
import { rawClient, testNamespace } from "./support.js";

/** What the scenario measured. Times are ms. */
export interface BacklogReport {
  readonly acknowledged: number;
  /** Writes per second while the load ran. */
  readonly writesPerSecond: number;
  readonly connectionsKilled: number;
  /** The writer's backlog 1 s and 3 s after the kill, and the most it held. */
  readonly queuedAfter1s: number;
  readonly queuedAfter3s: number;
  readonly maxQueued: number;
  /** Whether a backlog formed after the kill (sampled every 10 ms). */
  readonly backlogFormed: boolean;
  /** From the kill until the writer's backlog was empty again while writes went on (-1: not before the load stopped). */
  readonly drainedAfterMs: number;
  /** Messages the writer's bus dropped (or, where it has that, folded into "forget everything" messages). */
  readonly dropped: number;
  /** Acknowledged writes this process never heard of (no invalidation, no wholesale drop after it). */
  readonly unheard: number;
  /** Acknowledged writes heard later than `boundMs` after they were acknowledged. */
  readonly beyondBound: number;
  readonly boundMs: number;
  /** Lag from acknowledgement to hearing it, over the writes of the 3 s after the kill. */
  readonly lagAfterKill: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Wholesale drops this process made (each drops its whole in-process tier). */
  readonly wholesaleDrops: number;
  /** Whether the writer's backlog was empty when it stopped (after up to 5 s more). */
  readonly emptyAtStop: boolean;
}

/** Options of `runBusBacklogScenario`. */
export interface BacklogOptions {
  /** Load before the kill. @default 1500 */
  readonly beforeKillMs?: number;
  /** Load after the kill. @default 4000 */
  readonly afterKillMs?: number;
  /** The G4 bound. @default 3000 */
  readonly boundMs?: number;
  /** Write loops in the writer. @default 16 */
  readonly loops?: number;
}

/**
 * Runs the scenario and reports the backlog and what the listener heard.
 *
 * @example
 * console.log(formatBacklog(await runBusBacklogScenario()));
 */
export async function runBusBacklogScenario(options: BacklogOptions = {}): Promise<BacklogReport> {
  const boundMs = options.boundMs ?? 3000;
  const redis = await startRedisServer();
  const namespace = testNamespace("bus-backlog:");
  const listener = redisBus(redis.url, { namespace });
  const heard = new Map<number, number>();
  const drops: number[] = [];
  listener.subscribe(
    (message) => {
      const at = preciseNow();
      if (message.isPattern) drops.push(at);
      else if (message.target.startsWith("note:")) {
        const n = Number(message.target.slice(5));
        if (!heard.has(n)) heard.set(n, at);
      }
    },
    () => drops.push(preciseNow()),
  );
  listener.onState((state) => {
    if (state !== "connected") drops.push(preciseNow());
  });
  const writer = spawnWorker("test/redis/workers/bus-backlog-writer.ts", {
    REDIS_URL: redis.url,
    NAMESPACE: namespace,
    STORE: "tiered",
    LOOPS: String(options.loops ?? 16),
  });
  const acks = new Map<number, number>();
  const samples: Array<{ at: number; queued: number; peak: number; dropped: number }> = [];
  const changes: Array<[number, number]> = [];
  let seen = 0;
  const collect = () => {
    for (; seen < writer.messages.length; seen++) {
      const message = writer.messages[seen]!;
      if (!Array.isArray(message.acks)) continue;
      for (const [n, at] of message.acks as Array<[number, number]>) acks.set(n, at);
      samples.push({
        at: message.at as number,
        queued: message.queued as number,
        peak: message.peak as number,
        dropped: (message.dropped as number | undefined) ?? 0,
      });
      changes.push(...(message.changes as Array<[number, number]>));
    }
  };
  try {
    await listener.listening();
    await writer.next((message) => message.ready === true, 60_000);
    writer.send({ go: true });
    const startedAt = preciseNow();
    await sleep(options.beforeKillMs ?? 1500);
    const killedAt = preciseNow();
    const connectionsKilled = await killPublishers(redis.url);
    await sleep(options.afterKillMs ?? 4000);
    const stoppedAt = preciseNow();
    writer.send({ stop: true });
    const done = await writer.next((message) => message.done === true, 30_000);
    await sleep(500); // the last messages reach the listener
    collect();

    const after = samples.filter((sample) => sample.at >= killedAt);
    const queuedAt = (ms: number) => after.find((sample) => sample.at >= killedAt + ms)?.queued ?? -1;
    // The backlog's changes between empty and not, sampled every 10 ms by the writer: the first time it
    // was empty again after the kill, while the writes went on.
    const since = changes.filter(([at]) => at >= killedAt);
    const began = since.findIndex(([, queued]) => queued > 0);
    const emptied = began < 0 ? undefined : since.slice(began).find(([at, queued]) => queued === 0 && at < stoppedAt);
    let unheard = 0;
    let beyondBound = 0;
    const lags: number[] = [];
    const sortedDrops = [...drops].sort((a, b) => a - b);
    for (const [n, ackedAt] of acks) {
      const drop = sortedDrops.find((at) => at >= ackedAt);
      const candidates = [heard.get(n), drop].filter((at): at is number => at !== undefined);
      if (candidates.length === 0) {
        unheard++;
        continue;
      }
      const lag = Math.max(0, Math.min(...candidates) - ackedAt);
      if (lag > boundMs) beyondBound++;
      if (ackedAt >= killedAt && ackedAt <= killedAt + 3000) lags.push(lag);
    }
    lags.sort((a, b) => a - b);
    const pct = (p: number) => (lags.length === 0 ? 0 : lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))]!);
    return {
      acknowledged: acks.size,
      writesPerSecond: Math.round(acks.size / ((stoppedAt - startedAt) / 1000)),
      connectionsKilled,
      queuedAfter1s: queuedAt(1000),
      queuedAfter3s: queuedAt(3000),
      maxQueued: Math.max(0, ...after.map((sample) => Math.max(sample.queued, sample.peak))),
      backlogFormed: began >= 0,
      drainedAfterMs: emptied === undefined ? -1 : Math.round(emptied[0] - killedAt),
      dropped: Math.max(0, ...samples.map((sample) => sample.dropped)),
      unheard,
      beyondBound,
      boundMs,
      lagAfterKill: { p50: Math.round(pct(50)), p99: Math.round(pct(99)), max: Math.round(lags.at(-1) ?? 0) },
      wholesaleDrops: drops.length,
      emptyAtStop: done.queued === 0,
    };
  } finally {
    writer.kill("SIGKILL");
    await writer.exited;
    await listener.close();
    await redis.stop();
  }
}

// Every client whose last command was PUBLISH: the bus publishers (never a subscriber, never a store).
async function killPublishers(url: string): Promise<number> {
  const raw = await rawClient(url);
  try {
    const list = await raw.sendCommand<string>(["CLIENT", "LIST"]);
    const ids = list
      .split("\n")
      .filter((line) => / cmd=publish /.test(` ${line} `))
      .map((line) => /(?:^| )id=(\d+)/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    for (const id of ids) await raw.sendCommand(["CLIENT", "KILL", "ID", id]);
    return ids.length;
  } finally {
    raw.destroy();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The report as text.
 *
 * @example
 * console.log(formatBacklog(await runBusBacklogScenario()))
 */
export function formatBacklog(report: BacklogReport): string {
  return [
    `writes acknowledged: ${report.acknowledged} (${report.writesPerSecond}/s); CLIENT KILL of ${report.connectionsKilled} publisher connection(s)`,
    `writer's backlog: ${report.queuedAfter1s} queued 1 s after the kill, ${report.queuedAfter3s} after 3 s, at most ${report.maxQueued}; ${
      !report.backlogFormed ? "none seen"
      : report.drainedAfterMs < 0 ? "never drained while writes went on"
      : `empty again ${report.drainedAfterMs} ms after the kill`
    }; empty at stop: ${report.emptyAtStop}`,
    `messages dropped by the writer's bus: ${report.dropped}`,
    `acknowledged writes never heard by the other process: ${report.unheard}; heard later than ${report.boundMs} ms: ${report.beyondBound}`,
    `lag from acknowledgement to the other process hearing it, writes of the 3 s after the kill: p50 ${report.lagAfterKill.p50} ms, p99 ${report.lagAfterKill.p99} ms, max ${report.lagAfterKill.max} ms`,
    `wholesale drops of the other process's memory tier: ${report.wholesaleDrops}`,
  ].join("\n");
}
