/**
 * The random programs the checker runs: a few threads of calls on the layers of one manifest, each
 * thread's calls one after another, the threads at once. Generated from a seed, printed as text, so a
 * failure shows the program and its seed replays it.
 */
import { seededRandom } from "../../helpers/seeded-random.js";
import { globMatches } from "./glob-matches.js";
import type { StepKind } from "./scheduler.js";

/** The processes of the checked application (see world.ts). */
export const PROCESSES = ["c1", "c2", "edge", "s1", "s2"] as const;
export type Process = (typeof PROCESSES)[number];

/** The caches of the manifest, the layer owning each, and its key prefix. */
export const CACHES = {
  user_data: { layer: "client", prefix: "user:" },
  profile: { layer: "edge", prefix: "profile:" },
  data: { layer: "server", prefix: "data:" },
} as const;
export type CacheName = keyof typeof CACHES;

/** The ids every cache's keys are made of: few, so that calls meet on the same keys. */
export const IDS = ["1", "2"] as const;

/** The cache a key belongs to. */
export function cacheOf(key: string): CacheName {
  return (
    key.startsWith("user:") ? "user_data"
    : key.startsWith("profile:") ? "profile"
    : "data"
  );
}

/** Every key of the given caches a target (key or pattern) matches. */
export function keysMatching(target: string, caches: readonly CacheName[]): string[] {
  return caches.flatMap((cache) => IDS.map((id) => `${CACHES[cache].prefix}${id}`)).filter((key) => globMatches(target, key));
}

/** How an invalidation leaves a key: removed (`delete`), or marked stale for the cache's `grace` (`expire`). */
export type Mode = "delete" | "expire";

/** A key a write's cascade reaches, and how (the manifest's mode for it). */
export interface Cascaded {
  readonly key: string;
  readonly mode: Mode;
}

/**
 * The profile a write of a key invalidates, the wildcard carried over: a user write deletes it (the
 * manifest's `invalidates: ["profile:*"]`), a data write marks it stale (`{ target: "profile:*", mode: "expire" }`).
 */
export function cascadeOf(key: string): Cascaded | undefined {
  if (key.startsWith("user:")) return { key: `profile:${key.slice("user:".length)}`, mode: "delete" };
  if (key.startsWith("data:")) return { key: `profile:${key.slice("data:".length)}`, mode: "expire" };
  return undefined;
}

/** The layer a process runs. */
export const LAYER_OF: Readonly<Record<Process, string>> = { c1: "client", c2: "client", edge: "edge", s1: "server", s2: "server" };

/** The cache a process owns (a write goes there). */
export const OWNED_BY: Readonly<Record<Process, CacheName>> = { c1: "user_data", c2: "user_data", edge: "profile", s1: "data", s2: "data" };

/** Patterns each process may invalidate: every cache they reach is owned by a layer it has a route to. */
const PATTERNS: Readonly<Record<Process, readonly string[]>> = {
  c1: ["user:*", "profile:*", "data:*", "*:1", "*", "profile*", "data:1*", "user:2*"],
  c2: ["user:*", "profile:*", "data:*", "*:2", "*", "profile*", "data:2*", "user:1*"],
  edge: ["profile:*", "data:*", "profile*", "data:2*"],
  s1: ["data:*", "profile:*", "data*", "profile:1*"],
  s2: ["data:*", "profile:*", "data*", "data:1*"],
};

/** The ways a program reads. */
export type ReadKind = "get" | "getMany" | "getWithMeta" | "getOrSet";

/** One call of a program. */
export type Op =
  | { readonly kind: "read"; readonly process: Process; readonly how: ReadKind; readonly keys: readonly string[] }
  /** Writes a new version to the database (and the profile derived from it, for a user or data key), then `set`s it. */
  | { readonly kind: "set"; readonly process: Process; readonly key: string }
  /** Removes (or changes) the database row, then `delete`s the key. */
  | { readonly kind: "delete"; readonly process: Process; readonly key: string; readonly keepsRow: boolean }
  /** `atomicUpdate`: the function writes the database, then returns the new value (or undefined: deletes). */
  | { readonly kind: "update"; readonly process: Process; readonly key: string; readonly deletes: boolean }
  /** Writes a new version of each key to the database (with their profiles), then one `setMany` of the owned handle. */
  | { readonly kind: "setMany"; readonly process: Process; readonly keys: readonly string[] }
  /** Removes (or changes) each key's row, then one `deleteMany` of the owned handle. */
  | { readonly kind: "deleteMany"; readonly process: Process; readonly keys: readonly string[]; readonly keepsRow: boolean }
  /**
   * Changes the database rows, then invalidates a key or pattern: through the layer, or the owned handle;
   * `mode` as the call passes it (absent: the named targets deleted, each cascade target by its manifest mode).
   */
  | {
      readonly kind: "invalidate";
      readonly process: Process;
      readonly target: string;
      readonly how: "layer" | "own";
      readonly changes: number;
      readonly mode?: Mode | undefined;
    };

/** A program: threads of calls, the initial database, and how the schedule leans. */
export interface Program {
  readonly seed: number;
  readonly threads: readonly (readonly Op[])[];
  /** The keys the database holds at the start. */
  readonly initial: readonly string[];
  /** The weight of each kind of step in the random schedule (small: that kind tends to come late). */
  readonly weights: Readonly<Record<StepKind, number>>;
  /** Processes whose store calls are scheduled steps (else answered at once, like a memory store). */
  readonly scheduledStores: readonly Process[];
}

/** How big programs are. */
export interface ProgramShape {
  readonly threads: readonly [number, number];
  readonly opsPerThread: readonly [number, number];
}

export const SMALL: ProgramShape = { threads: [2, 3], opsPerThread: [1, 3] };

const WEIGHTS = [0.1, 0.3, 1, 3] as const;

/**
 * The program of `seed`.
 *
 * @example
 * printProgram(generateProgram(7)) // "seed 7 …\n  t0: c1 set user:1; edge read get profile:1\n …"
 */
export function generateProgram(seed: number, shape: ProgramShape = SMALL): Program {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = ([low, high]: readonly [number, number]) => low + Math.floor(random() * (high - low + 1));
  const keyOf = (cache: CacheName) => `${CACHES[cache].prefix}${pick(IDS)}`;
  const anyCache = (): CacheName => pick(Object.keys(CACHES) as CacheName[]);

  // Mostly the manifest's modes; often every target marked stale; now and then every target deleted.
  const modeOf = (): Mode | undefined => {
    const roll = random();
    return (
      roll < 0.3 ? "expire"
      : roll < 0.35 ? "delete"
      : undefined
    );
  };
  // Both keys of the cache, in either order, or one.
  const batchOf = (cache: CacheName): string[] => {
    const roll = random();
    const keys = IDS.map((id) => `${CACHES[cache].prefix}${id}`);
    return (
      roll < 0.4 ? keys
      : roll < 0.8 ? keys.reverse()
      : [keyOf(cache)]
    );
  };

  const op = (): Op => {
    const process = pick(PROCESSES);
    const own = OWNED_BY[process];
    const roll = random();
    if (roll < 0.34) {
      const cache = process.startsWith("c") ? anyCache() : pick(["profile", "data"] as const);
      const how: ReadKind =
        cache === own ? pick(["get", "get", "get", "getMany", "getWithMeta", "getOrSet"] as const) : pick(["get", "get", "getMany", "getWithMeta"] as const);
      const keys = how === "getMany" ? IDS.map((id) => `${CACHES[cache].prefix}${id}`) : [keyOf(cache)];
      return { kind: "read", process, how, keys };
    }
    if (roll < 0.49) return { kind: "set", process, key: keyOf(own) };
    if (roll < 0.56) return { kind: "delete", process, key: keyOf(own), keepsRow: random() < 0.3 };
    if (roll < 0.66) return { kind: "update", process, key: keyOf(own), deletes: random() < 0.15 };
    if (roll < 0.72) return { kind: "setMany", process, keys: batchOf(own) };
    if (roll < 0.76) return { kind: "deleteMany", process, keys: batchOf(own), keepsRow: random() < 0.3 };
    if (roll < 0.88) {
      const cache = process.startsWith("c") ? anyCache() : pick(["profile", "data"] as const);
      const how = cache === own && random() < 0.4 ? "own" : "layer";
      return { kind: "invalidate", process, target: keyOf(cache), how, changes: random() < 0.8 ? 1 : 0, mode: modeOf() };
    }
    if (random() < 0.3) return { kind: "invalidate", process, target: `${CACHES[own].prefix}*`, how: "own", changes: random() < 0.7 ? 1 : 0, mode: modeOf() };
    return { kind: "invalidate", process, target: pick(PATTERNS[process]), how: "layer", changes: random() < 0.7 ? 1 : 0, mode: modeOf() };
  };

  const threads = Array.from({ length: between(shape.threads) }, () => Array.from({ length: between(shape.opsPerThread) }, op));
  const initial = (Object.keys(CACHES) as CacheName[]).flatMap((cache) => IDS.map((id) => `${CACHES[cache].prefix}${id}`)).filter(() => random() < 0.7);
  const weights = { op: pick(WEIGHTS), source: pick(WEIGHTS), store: pick(WEIGHTS), bus: pick(WEIGHTS), http: pick(WEIGHTS) };
  const scheduledStores = PROCESSES.filter((process) => process === "s1" || process === "s2" || random() < 0.5);
  return { seed, threads, initial, weights, scheduledStores };
}

/** One call as text. */
export function printOp(op: Op): string {
  switch (op.kind) {
    case "read":
      return `${op.process} ${op.how} ${op.keys.join(",")}`;
    case "set":
      return `${op.process} set ${op.key}`;
    case "delete":
      return `${op.process} delete ${op.key}${op.keepsRow ? " (row changed)" : " (row removed)"}`;
    case "update":
      return `${op.process} atomicUpdate ${op.key}${op.deletes ? " → undefined" : ""}`;
    case "setMany":
      return `${op.process} setMany ${op.keys.join(",")}`;
    case "deleteMany":
      return `${op.process} deleteMany ${op.keys.join(",")}${op.keepsRow ? " (rows changed)" : " (rows removed)"}`;
    case "invalidate":
      return `${op.process} ${op.how === "own" ? "own." : ""}invalidate${op.mode ? `(${op.mode})` : ""} ${op.target}${op.changes ? " (rows changed)" : ""}`;
  }
}

/** A program as text: what a failure prints. */
export function printProgram(program: Program): string {
  const weights = Object.entries(program.weights)
    .map(([kind, weight]) => `${kind}=${weight}`)
    .join(" ");
  return [
    `seed ${program.seed} · db starts with ${program.initial.join(", ") || "nothing"} · weights ${weights} · scheduled stores ${program.scheduledStores.join(",")}`,
    ...program.threads.map((ops, thread) => `  t${thread}: ${ops.map(printOp).join("; ")}`),
  ].join("\n");
}
