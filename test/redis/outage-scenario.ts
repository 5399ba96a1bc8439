/**
 * The Redis outage scenario, shared by `test/redis/outage.test.ts` (which asserts on it) and
 * `bench/redis/outage-timeline.ts` (which prints it): a server layer on `tieredStore(memoryStore,
 * redisStore)` over a private redis-server that is paused (SIGSTOP), resumed, killed (SIGKILL) and
 * restarted on the same port. Every call is recorded with what it returned and how long it took.
 */
import { createClient } from "@redis/client";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { manualClock } from "../../src/runtime/time/clock.js";
import { memoryStore } from "../../src/runtime/stores/memory.js";
import { redisStore } from "../../src/runtime/redis/redis-store.js";
import { tieredStore } from "../../src/runtime/stores/tiered.js";
import { StoreError } from "../../src/runtime/errors.js";
import { startRedisServer } from "../helpers/redis-server.js";
import { testNamespace } from "./support.js";

/** One call of the scenario. */
export interface TimelineEvent {
  /** Milliseconds since the scenario started. */
  readonly at: number;
  readonly phase: string;
  readonly call: string;
  /** What the call returned, or the error it failed with. */
  readonly outcome: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: StoreError | Error | undefined;
}

/** What the scenario measured. */
export interface OutageReport {
  readonly timeoutMs: number;
  readonly timeline: readonly TimelineEvent[];
  /** Longest single call while Redis was paused or dead. */
  readonly slowestCallMs: number;
  /** Reads issued in the burst while paused, and commands that reached the client meanwhile. */
  readonly burst: { readonly calls: number; readonly attempts: number; readonly ms: number };
  /** From SIGCONT to the first successful write. */
  readonly recoveryAfterResumeMs: number;
  /** From the restarted server answering PING to the first successful write. */
  readonly recoveryAfterRestartMs: number;
  /** Writes acknowledged while Redis was up (before the kill), and those missing after the pause. */
  readonly acknowledged: readonly string[];
  readonly lostAfterPause: readonly string[];
  /** Writes rejected by a timeout during the pause, and whether Redis applied them once resumed (it must not). */
  readonly timedOutWrites: readonly { readonly key: string; readonly appliedAfterResume: boolean }[];
  readonly unhandledRejections: readonly unknown[];
}

const app = Object.freeze({
  layers: ["client", "edge", "server"],
  caches: {
    prices: { primary: "server", owns: ["price:*"], ttl: "1m", grace: "6h" },
    notes: { primary: "server", owns: ["note:*"] },
  },
} as const);

// The commands a store sends: counted by the wrapper below.
const COMMANDS = new Set(["get", "mGet", "set", "del", "unlink", "eval", "scan", "incr"]);

/** A node-redis client set up as `redisStore` sets up its own, behind a proxy that counts commands. */
function countingClient(url: string) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 500, reconnectStrategy: (n: number) => Math.min(20 * 2 ** n, 250) },
  });
  const counter = { attempts: 0 };
  const proxy: typeof client = new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver === proxy ? target : receiver);
      if (typeof value !== "function") return value;
      if (typeof property === "string" && COMMANDS.has(property)) {
        return (...args: unknown[]) => {
          counter.attempts++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { client, proxy, counter };
}

/**
 * Runs the outage scenario against a private redis-server and returns the timeline.
 *
 * @example
 * const report = await runOutageScenario({ timeoutMs: 200 });
 * console.log(formatTimeline(report));
 */
export async function runOutageScenario({ timeoutMs = 200, burstMs = 1000 } = {}): Promise<OutageReport> {
  const unhandledRejections: unknown[] = [];
  const trap = (reason: unknown) => unhandledRejections.push(reason);
  process.on("unhandledRejection", trap);
  const redis = await startRedisServer();
  const { client, proxy, counter } = countingClient(redis.url);
  const clock = manualClock(Date.now());
  const namespace = testNamespace("outage:");
  const store = tieredStore(memoryStore({ maxSize: "4MB" }), redisStore(proxy, { namespace, timeoutMs, layer: "server" }), { clock });
  let sourceDown = false;
  let version = 1;
  const server = createLayerRuntime(app, "server", {
    store,
    clock,
    sources: {
      prices: {
        load: async (key: string) => {
          if (sourceDown) throw new Error(`source down while loading '${key}'`);
          return { key, version };
        },
      },
    },
  });
  const prices = server.own("prices");
  const notes = server.own("notes");
  const timeline: TimelineEvent[] = [];
  const started = Date.now();
  let phase = "up";
  let slowestCallMs = 0;

  const record = async (call: string, run: () => Promise<unknown>): Promise<TimelineEvent> => {
    const begin = Date.now();
    let event: TimelineEvent;
    try {
      const value = await run();
      event = { at: begin - started, phase, call, outcome: `→ ${JSON.stringify(value)}`, ok: true, ms: Date.now() - begin };
    } catch (error) {
      const e = error as Error;
      const cause = rootCause(e);
      const outcome =
        e instanceof StoreError ?
          `✗ StoreError layer=${e.layer} store=${e.store} key=${e.key} op=${e.operation} cause=${cause?.name}: ${cause?.message}`
        : `✗ ${e.name}: ${e.message}`;
      event = { at: begin - started, phase, call, outcome, ok: false, ms: Date.now() - begin, error: e };
    }
    if (phase !== "up" && phase !== "recovered") slowestCallMs = Math.max(slowestCallMs, event.ms);
    timeline.push(event);
    return event;
  };
  const untilWrite = async (key: string): Promise<number> => {
    const from = Date.now();
    for (let i = 0; i < 500; i++) {
      const event = await record(`notes.set('${key}')`, () => notes.set(key, { at: Date.now() }).then(() => "ok"));
      if (event.ok) return Date.now() - from;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no write succeeded within 500 tries after '${phase}'`);
  };

  const acknowledged: string[] = [];
  const timedOutWrites: { key: string; appliedAfterResume: boolean }[] = [];
  let burst: { calls: number; attempts: number; ms: number };
  let recoveryAfterResumeMs: number;
  let recoveryAfterRestartMs: number;
  let lostAfterPause: string[];
  try {
    // ── up: acknowledged writes, one price loaded and cached in both tiers
    for (let i = 1; i <= 5; i++) {
      const event = await record(`notes.set('note:${i}')`, () => notes.set(`note:${i}`, { n: i }).then(() => "ok"));
      if (event.ok) acknowledged.push(`note:${i}`);
    }
    await record("prices.get('price:1') (miss: loads v1)", () => prices.get("price:1"));
    await record("prices.get('price:1') (hit)", () => prices.get("price:1"));

    // ── paused: SIGSTOP; the connection stays open but Redis answers nothing
    phase = "paused";
    redis.pause();
    clock.advance(2 * 60_000); // price:1 is now past its ttl, within its grace
    version = 2;
    const rejected = await record("notes.set('note:paused')", () => notes.set("note:paused", { n: "p" }).then(() => "ok"));
    if (!rejected.ok && rootCause(rejected.error)?.name === "RedisTimeoutError") timedOutWrites.push({ key: "note:paused", appliedAfterResume: false });
    sourceDown = true;
    await record("prices.get('price:1') (stale in memory tier, source down → grace)", () => prices.get("price:1"));
    sourceDown = false;
    await record("prices.get('price:9') (in no tier → source)", () => prices.get("price:9"));
    const before = counter.attempts;
    const burstStart = Date.now();
    const reads: Promise<unknown>[] = [];
    while (Date.now() - burstStart < burstMs) {
      reads.push(record(`prices.get('price:burst:${reads.length}')`, () => prices.get(`price:burst:${reads.length}`)));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(reads);
    burst = { calls: reads.length, attempts: counter.attempts - before, ms: Date.now() - burstStart };
    await record("notes.set('note:paused:2') (circuit open)", () => notes.set("note:paused:2", 1).then(() => "ok"));

    // ── resumed: SIGCONT; within a second writes succeed again, nothing acknowledged is lost
    phase = "resumed";
    redis.resume();
    recoveryAfterResumeMs = await untilWrite("note:after-resume");
    acknowledged.push("note:after-resume");
    const raw = await rawOn(redis.url);
    try {
      lostAfterPause = [];
      for (const key of acknowledged) if ((await raw.exists(`${namespace}::notes::${key}`)) !== 1) lostAfterPause.push(key);
      for (const write of timedOutWrites) write.appliedAfterResume = (await raw.exists(`${namespace}::notes::${write.key}`)) === 1;
    } finally {
      raw.destroy();
    }
    await record("prices.get('price:1') (after resume: v1 while the layer's grace back-off lasts, else reloads v2)", () => prices.get("price:1"));

    // ── killed: SIGKILL; connections drop, calls fail at once
    phase = "killed";
    await redis.kill();
    await record("notes.set('note:killed')", () => notes.set("note:killed", 1).then(() => "ok"));
    await record("prices.get('price:1') (from the memory tier)", () => prices.get("price:1"));
    await record("prices.get('price:10') (source)", () => prices.get("price:10"));
    for (let i = 0; i < 5; i++) await record(`notes.set('note:killed:${i}')`, () => notes.set(`note:killed:${i}`, i).then(() => "ok"));

    // ── restarted on the same port (empty: no persistence); within a second writes succeed again
    phase = "restarted";
    await redis.restart();
    recoveryAfterRestartMs = await untilWrite("note:after-restart");
    phase = "recovered";
    await record("notes.get('note:after-restart')", () => notes.get("note:after-restart"));
    await record("prices.get('price:11') (miss → source → stored)", () => prices.get("price:11"));
  } finally {
    await server.close();
    await store.close();
    client.destroy();
    await redis.stop();
    // Let late rejections surface before the trap is removed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off("unhandledRejection", trap);
  }
  return {
    timeoutMs,
    timeline,
    slowestCallMs,
    burst,
    recoveryAfterResumeMs,
    recoveryAfterRestartMs,
    acknowledged,
    lostAfterPause,
    timedOutWrites,
    unhandledRejections,
  };
}

/** The innermost `cause` of an error chain (the layer's StoreError wraps the store's). */
export function rootCause(error: unknown): Error | undefined {
  let current = error as { cause?: unknown } | undefined;
  while (current && current.cause instanceof Error) current = (current as { cause: Error }).cause;
  return current as Error | undefined;
}

async function rawOn(url: string) {
  const client = createClient({ url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/**
 * The timeline as text: one line per call (bursts folded), then the summary.
 *
 * @example
 * console.log(formatTimeline(await runOutageScenario()))
 */
export function formatTimeline(report: OutageReport): string {
  const lines: string[] = [];
  const pad = (text: string, width: number) => (text.length >= width ? text : text + " ".repeat(width - text.length));
  lines.push(`${pad("t ms", 7)} ${pad("phase", 10)} ${pad("took", 6)} call → outcome`);
  let folded: { phase: string; count: number; ok: number; maxMs: number; outcomes: Map<string, number>; at: number } | undefined;
  const flush = () => {
    if (!folded) return;
    const outcomes = [...folded.outcomes].map(([o, n]) => `${n}× ${o}`).join("; ");
    lines.push(
      `${pad(String(folded.at), 7)} ${pad(folded.phase, 10)} ${pad(`≤${folded.maxMs}`, 6)} ${folded.count} reads of uncached 'price:burst:*' → ${outcomes}`,
    );
    folded = undefined;
  };
  for (const event of report.timeline) {
    if (event.call.includes("price:burst:")) {
      folded ??= { phase: event.phase, count: 0, ok: 0, maxMs: 0, outcomes: new Map(), at: event.at };
      folded.count++;
      folded.maxMs = Math.max(folded.maxMs, event.ms);
      const kind = event.ok ? "served from the source" : event.outcome.slice(0, 60);
      folded.outcomes.set(kind, (folded.outcomes.get(kind) ?? 0) + 1);
      continue;
    }
    flush();
    lines.push(`${pad(String(event.at), 7)} ${pad(event.phase, 10)} ${pad(String(event.ms), 6)} ${event.call} ${event.outcome}`);
  }
  flush();
  lines.push("");
  lines.push(`timeoutMs ${report.timeoutMs}; slowest call while Redis was away: ${report.slowestCallMs} ms`);
  lines.push(`burst while paused: ${report.burst.calls} reads in ${report.burst.ms} ms sent ${report.burst.attempts} commands to Redis (circuit breaker)`);
  lines.push(
    `first successful write: ${report.recoveryAfterResumeMs} ms after SIGCONT, ${report.recoveryAfterRestartMs} ms after the restarted server answered PING`,
  );
  lines.push(`acknowledged writes lost over the pause: ${report.lostAfterPause.length} of ${report.acknowledged.length}`);
  for (const write of report.timedOutWrites)
    lines.push(
      `write '${write.key}' was rejected by a timeout during the pause; applied by Redis after SIGCONT: ${write.appliedAfterResume} (Redis refuses a write that arrives after its deadline)`,
    );
  lines.push(`unhandled rejections: ${report.unhandledRejections.length}`);
  return lines.join("\n");
}
