/**
 * A Redis Cluster master SIGKILLed under load, shared by `test/redis/cluster-failover.test.ts` (which
 * asserts on it) and `bench/redis/cluster-failover.ts` (which prints it). A server layer on
 * `redisStore({ cluster })` over a private cluster of 3 masters + 3 replicas (`startRedisCluster`)
 * runs write loops (sets of versioned values, over every master's slots) and increment loops
 * (`atomicUpdate`, each retried with its own id until it is acknowledged); one master is killed and
 * stays dead while its replica is promoted. Every call is recorded with the slot's master before the
 * kill, its outcome and the root cause of its error; the cluster is watched for the FAIL flag and the
 * promotion. Only the public API is used, so the same scenario measures any version of the store.
 */
import { randomUUID } from "node:crypto";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { redisStore } from "../../src/runtime/redis/redis-store.js";
import { keySlot } from "../../src/runtime/redis/redis-slot.js";
import { startRedisCluster, type ClusterNodeView, type PrivateCluster } from "../helpers/redis-cluster.js";
import { rootCause } from "./outage-scenario.js";
import { testNamespace } from "./support.js";

/** What the scenario measured. Times are ms since the load started. */
export interface FailoverReport {
  readonly killedAt: number;
  /** When a live node first flagged the killed master FAIL. */
  readonly failFlagAt: number;
  /** When a live node first showed its replica as the master of its slots. */
  readonly promotedAt: number;
  /** First successful write to the killed master's slots begun after the kill (-1: none before the load stopped). */
  readonly firstWriteAfterKill: number;
  /** Last failed write to those slots (-1: none). */
  readonly lastFailureAfterKill: number;
  readonly loadMs: number;
  /** Writes (sets) to the killed master's slots and to the others', and how many were acknowledged. */
  readonly writes: { readonly failedSlots: Tally; readonly healthySlots: Tally };
  /** Errors callers saw, by where their key lived and the error's root cause (`CircuitOpenError`, …). */
  readonly errors: Readonly<Record<string, number>>;
  /** Acknowledged writes whose value (or a later one) is missing afterwards. */
  readonly lostWrites: readonly string[];
  readonly increments: { readonly acknowledged: number; readonly final: number; readonly unresolved: number; readonly attempts: number };
  readonly unhandledRejections: readonly unknown[];
  /** Slot-map rediscoveries the store made (0 where the store has no such counter). */
  readonly rediscoveries: number;
}

interface Tally {
  total: number;
  ok: number;
}

/** Options of `runFailoverScenario`. */
export interface FailoverOptions {
  /** Load before the kill. @default 1500 */
  readonly warmupMs?: number;
  /** Load after the promotion (or after the kill when no promotion is seen within 8 s). @default 3000 */
  readonly afterPromotionMs?: number;
  /** Concurrent write loops. @default 8 */
  readonly writers?: number;
  /** Concurrent increment loops. @default 4 */
  readonly incrementers?: number;
  /** A cluster to use (left running); absent, one is started and stopped. */
  readonly cluster?: PrivateCluster;
  /** For the cluster started here: `cluster-require-full-coverage`. @default false */
  readonly requireFullCoverage?: boolean;
}

const app = Object.freeze({
  layers: ["client", "edge", "server"],
  caches: {
    notes: { primary: "server", owns: ["note:*"] },
    accounts: { primary: "server", owns: ["account:*"], exclusive: true, hardTimeout: "2s" },
  },
} as const);

/**
 * Kills a master under load and reports the timeline, the errors and what was lost.
 *
 * @example
 * const report = await runFailoverScenario();
 * console.log(formatFailover(report));
 */
export async function runFailoverScenario(options: FailoverOptions = {}): Promise<FailoverReport> {
  const unhandledRejections: unknown[] = [];
  const trap = (reason: unknown) => unhandledRejections.push(reason);
  process.on("unhandledRejection", trap);
  const cluster = options.cluster ?? (await startRedisCluster({ requireFullCoverage: options.requireFullCoverage ?? false }));
  const namespace = testNamespace("failover:");
  const store = redisStore({ cluster: cluster.seeds }, { namespace, layer: "server" });
  const layer = createLayerRuntime(app, "server", { store });
  const notes = layer.own("notes");
  const accounts = layer.own("accounts");
  try {
    await store.ready;
    const before = await cluster.nodes();
    const victim = before.find((node) => node.flags.includes("master") && node.slots.length > 0)!;
    const onVictim = (redisKey: string) => owns(victim, keySlot(redisKey));
    const accountKeys = pickAccounts(namespace, onVictim);

    const started = Date.now();
    const now = () => Date.now() - started;
    let stop = false;
    const errors: Record<string, number> = {};
    const writes = { failedSlots: { total: 0, ok: 0 }, healthySlots: { total: 0, ok: 0 } };
    const acked = new Map<string, number>();
    let killedAt = -1;
    let firstWriteAfterKill = -1;
    let lastFailureAfterKill = -1;
    const countError = (where: string, error: unknown) => {
      const name = `${where}: ${causeName(error)}`;
      errors[name] = (errors[name] ?? 0) + 1;
    };

    const writeLoop = async (loop: number) => {
      for (let i = 0; !stop; i++) {
        const key = `note:${loop}:${i % 100}`;
        const onFailed = onVictim(`${namespace}::notes::${key}`);
        const tally = onFailed ? writes.failedSlots : writes.healthySlots;
        tally.total++;
        // Begun once the master was gone: a success can only come from its successor.
        const afterKill = killedAt >= 0;
        try {
          await notes.set(key, { version: i });
          tally.ok++;
          acked.set(key, i);
          if (onFailed && afterKill && firstWriteAfterKill < 0) firstWriteAfterKill = now();
        } catch (error) {
          countError(onFailed ? "killed master's slots" : "healthy masters' slots", error);
          if (onFailed && killedAt >= 0) lastFailureAfterKill = now();
          await sleep(5); // a failing write returns at once: do not spin
        }
      }
    };

    let incrementsAcked = 0;
    let attempts = 0;
    let unresolved = 0;
    const incrementLoop = async (loop: number) => {
      const { key, onFailed } = accountKeys[loop % accountKeys.length]!;
      while (!stop) {
        const id = randomUUID();
        // The same id on every attempt: an attempt that landed is never applied twice.
        for (let attempt = 0; ; attempt++) {
          attempts++;
          try {
            await accounts.atomicUpdate(key, (n) => ((n as number | undefined) ?? 0) + 1, { id });
            incrementsAcked++;
            break;
          } catch (error) {
            countError(onFailed ? "increments on the killed master" : "increments on healthy masters", error);
            if (stop && attempt > 200) {
              unresolved++;
              break;
            }
            await sleep(20);
          }
        }
      }
    };

    const loops = [
      ...Array.from({ length: options.writers ?? 8 }, (_, i) => writeLoop(i)),
      ...Array.from({ length: options.incrementers ?? 4 }, (_, i) => incrementLoop(i)),
    ];
    await sleep(options.warmupMs ?? 1500);
    const live = before.find((node) => node.port !== victim.port && node.flags.includes("master"))!.port;
    const killing = now();
    await cluster.kill(victim.port);
    killedAt = killing;
    let failFlagAt = -1;
    let promotedAt = -1;
    while (promotedAt < 0 && now() - killedAt < 8000) {
      const view = await cluster.nodes(live).catch(() => [] as ClusterNodeView[]);
      if (failFlagAt < 0 && view.find((node) => node.id === victim.id)?.flags.includes("fail")) failFlagAt = now();
      const heir = view.find((node) => node.id !== victim.id && node.flags.includes("master") && node.slots.some(([from]) => owns(victim, from)));
      if (heir) promotedAt = now();
      else await sleep(20);
    }
    await sleep(options.afterPromotionMs ?? 3000);
    stop = true;
    await Promise.all(loops);
    const loadMs = now();

    const lostWrites = await findLost(cluster, namespace, acked);
    let final = 0;
    const reader = redisStore({ cluster: cluster.seeds }, { namespace });
    try {
      for (const { key } of accountKeys) final += ((await reader.partition("accounts", {}).get(key))?.value as number | undefined) ?? 0;
    } finally {
      await reader.close();
    }
    const rediscoveries = (store.connection as { rediscoveries?: number }).rediscoveries ?? 0;
    return {
      killedAt,
      failFlagAt,
      promotedAt,
      firstWriteAfterKill,
      lastFailureAfterKill,
      loadMs,
      writes,
      errors,
      lostWrites,
      increments: { acknowledged: incrementsAcked, final, unresolved, attempts },
      unhandledRejections,
      rediscoveries,
    };
  } finally {
    await layer.close();
    await store.close();
    if (!options.cluster) await cluster.stop();
    await sleep(50); // late rejections surface before the trap goes
    process.off("unhandledRejection", trap);
  }
}

// Two account keys whose value and lock both live on the killed master, two whose both live elsewhere.
function pickAccounts(namespace: string, onVictim: (redisKey: string) => boolean): { key: string; onFailed: boolean }[] {
  const picked: { key: string; onFailed: boolean }[] = [];
  let failed = 0;
  let healthy = 0;
  for (let n = 0; failed < 2 || healthy < 2; n++) {
    const key = `account:${n}`;
    const value = onVictim(`${namespace}::accounts::${key}`);
    const lock = onVictim(`${namespace}::~lock::update:accounts:${key}`);
    if (value !== lock) continue;
    if (value && failed < 2) {
      failed++;
      picked.push({ key, onFailed: true });
    } else if (!value && healthy < 2) {
      healthy++;
      picked.push({ key, onFailed: false });
    }
  }
  return picked;
}

// Every acknowledged write must still be there, or a later version of its key.
async function findLost(cluster: PrivateCluster, namespace: string, acked: ReadonlyMap<string, number>): Promise<string[]> {
  const reader = redisStore({ cluster: cluster.seeds }, { namespace });
  const lost: string[] = [];
  try {
    const partition = reader.partition("notes", {});
    for (const [key, version] of acked) {
      const entry = await partition.get(key);
      const stored = (entry?.value as { version?: number } | undefined)?.version ?? -1;
      if (stored < version) lost.push(`${key}: acknowledged v${version}, found ${stored < 0 ? "nothing" : `v${stored}`}`);
    }
  } finally {
    await reader.close();
  }
  return lost;
}

// node-redis's errors keep the name "Error": their class tells more (ClientOfflineError, SocketClosedUnexpectedlyError).
function causeName(error: unknown): string {
  const cause = rootCause(error);
  if (!cause) return "?";
  if (cause.name === "SimpleError" || cause.name === "ErrorReply") return `${cause.message.split(" ")[0]} reply`; // CLUSTERDOWN, TRYAGAIN…
  if (cause.name !== "Error") return cause.name;
  const kind = cause.constructor.name;
  return kind === "Error" ? `Error (${cause.message.slice(0, 40)})` : kind;
}

function owns(node: ClusterNodeView, slot: number): boolean {
  return node.slots.some(([from, to]) => slot >= from && slot <= to);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The report as text: the timeline, then the writes and errors.
 *
 * @example
 * console.log(formatFailover(await runFailoverScenario()))
 */
export function formatFailover(report: FailoverReport): string {
  const since = (at: number) => (at < 0 ? "never" : `+${at - report.killedAt} ms`);
  const lines = [
    `kill of a master                          at ${report.killedAt} ms of load`,
    `FAIL flag seen                            ${since(report.failFlagAt)}`,
    `replica promoted                          ${since(report.promotedAt)}`,
    `first successful write to its slots       ${since(report.firstWriteAfterKill)}${report.firstWriteAfterKill >= 0 && report.promotedAt >= 0 ? ` (${report.firstWriteAfterKill - report.promotedAt} ms after the promotion)` : ""}`,
    `last failed write to its slots            ${since(report.lastFailureAfterKill)}`,
    `load stopped                              ${since(report.loadMs)} (the killed master never returned)`,
    "",
    `writes to the killed master's slots:  ${report.writes.failedSlots.ok} of ${report.writes.failedSlots.total} acknowledged`,
    `writes to the healthy masters' slots: ${report.writes.healthySlots.ok} of ${report.writes.healthySlots.total} acknowledged`,
    "errors callers saw (where: root cause):",
    ...Object.entries(report.errors)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([what, n]) => `  ${String(n).padStart(6)}  ${what}`),
    `acknowledged writes lost: ${report.lostWrites.length}${report.lostWrites.length ? ` (${report.lostWrites.slice(0, 3).join("; ")})` : ""}`,
    `increments: ${report.increments.acknowledged} acknowledged, counters sum to ${report.increments.final} (${report.increments.final - report.increments.acknowledged} lost or doubled), ${report.increments.unresolved} unresolved, ${report.increments.attempts} attempts`,
    `slot-map rediscoveries by the store: ${report.rediscoveries}`,
    `unhandled rejections: ${report.unhandledRejections.length}`,
  ];
  return lines.join("\n");
}
