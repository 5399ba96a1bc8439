/**
 * Runs one program on the real layers under the seeded scheduler, records what every call observed and
 * what it wrote, and checks the record against the reference model:
 *
 *   G2  every read (during the program, then once everything settled) is a value the model allows;
 *   G1  after everything settled, no stored value is older than the last write of its key;
 *   G6  every call of the program succeeds whatever its route, the same key read after everything
 *       settled gives the same value through the owner, the in-process route and the HTTP route, and
 *       probes of the same invalidation through both routes end the same way (same error, rule, text).
 */
import { seededRandom } from "../../helpers/seeded-random.js";
import { show } from "./database.js";
import { CACHES, IDS, OWNED_BY, printOp, printProgram, type CacheName, type Op, type Process, type Program } from "./program.js";
import { globMatches, ReferenceModel, type Barrier, type Observation, type Violation } from "./reference-model.js";
import { EXECUTOR, homeOf, processesOf, ROUTE, World, type Handle, type WorldOptions } from "./world.js";

/** What one run found. */
export interface RunResult {
  readonly program: Program;
  readonly violations: readonly Violation[];
  /** Scheduled steps taken (the length of the interleaving). */
  readonly steps: number;
  /** A fingerprint of the program and its interleaving, to count distinct interleavings. */
  readonly fingerprint: number;
  readonly trace: readonly string[];
  /** What every read observed, in the order recorded. */
  readonly observations: readonly Observation[];
}

/** The share of touched keys read again after everything settled (besides the one read through every route). */
const SETTLED_READS = 0.35;

/** The cache a key belongs to. */
export function cacheOf(key: string): CacheName {
  return (
    key.startsWith("user:") ? "user_data"
    : key.startsWith("profile:") ? "profile"
    : "data"
  );
}

/** Every key of the universe a target (key or pattern) matches, per cache. */
function keysMatching(target: string, caches: readonly CacheName[]): string[] {
  return caches.flatMap((cache) => IDS.map((id) => `${CACHES[cache].prefix}${id}`)).filter((key) => globMatches(target, key));
}

/** The profile a user key's writes invalidate (the manifest's `invalidates: ["profile:*"]`, wildcard carried over). */
function cascadeOf(key: string): string | undefined {
  return key.startsWith("user:") ? `profile:${key.slice("user:".length)}` : undefined;
}

/**
 * Runs `program` and checks it.
 *
 * @example
 * const result = await runProgram(generateProgram(1));
 * result.violations //=> [] on a correct library
 */
export async function runProgram(program: Program, options: WorldOptions = {}): Promise<RunResult> {
  const world = new World(program, options);
  const { scheduler, db } = world;
  scheduler.mixIn(printProgram(program));
  const model = new ReferenceModel(db, () => world.bus.deliveries, processesOf);
  const violations: Violation[] = [];
  const failed = (call: string, route: string, error: unknown) =>
    violations.push({ guarantee: "G6", message: `${call} (via ${route}) failed, though the same call succeeds on every route: ${describeError(error)}` });

  const handleOf = (process: Process, cache: CacheName): Handle =>
    OWNED_BY[process] === cache ? world.layer(process).own(cache) : world.layer(process).borrow(cache);

  /** The barriers a write of `key` by `process` puts: the key in its home, its cascade at the edge. */
  const writeBarriers = (
    process: Process,
    key: string,
    call: string,
    start: number,
    after: number,
    version: number | undefined,
    allows: "value" | "fresh",
  ): Barrier[] => {
    const barriers = [model.barrier({ home: homeOf(process, cacheOf(key)), key, allows, version, after, start, end: Infinity, executor: process, call })];
    const cascaded = cascadeOf(key);
    if (cascaded) barriers.push(model.barrier({ home: "edge/profile", key: cascaded, allows: "fresh", after, start, end: Infinity, executor: "edge", call }));
    return barriers;
  };

  const run = async (op: Op, call: string): Promise<void> => {
    await scheduler.point(`op ${call}`, "op");
    const start = scheduler.now();
    const process = op.process;
    let barriers: Barrier[] = [];
    const route = (cache: CacheName) => ROUTE[process][cache] ?? "none";
    const via = op.kind === "invalidate" ? `${process}'s routes` : route(cacheOf(op.kind === "read" ? op.keys[0]! : op.key));
    try {
      switch (op.kind) {
        case "read": {
          const cache = cacheOf(op.keys[0]!);
          const handle = handleOf(process, cache);
          const key = op.keys[0]!;
          let values: unknown[];
          if (op.how === "get") values = [await handle.get(key)];
          else if (op.how === "getMany") values = await handle.getMany(op.keys);
          else if (op.how === "getWithMeta") values = [(await handle.getWithMeta(key)).value];
          else {
            values = [
              await handle.getOrSet(key, async () => {
                await scheduler.point(`factory read ${key}`, "source");
                const value = db.read(key);
                await scheduler.point(`factory answer ${key} ${show(value)}`, "source");
                return value;
              }),
            ];
          }
          const end = scheduler.now();
          op.keys.forEach((read, index) =>
            model.observe({
              home: homeOf(process, cache),
              key: read,
              executor: EXECUTOR[process][cache]!,
              start,
              end,
              value: values[index],
              call,
              route: route(cache),
            }),
          );
          return;
        }
        case "set": {
          const version = db.write(op.key, true)!;
          const cascaded = cascadeOf(op.key);
          if (cascaded) db.write(cascaded, true);
          barriers = writeBarriers(process, op.key, call, start, scheduler.now(), version, "value");
          await world.layer(process).own(cacheOf(op.key)).set(op.key, { v: version });
          break;
        }
        case "delete": {
          db.write(op.key, op.keepsRow);
          const cascaded = cascadeOf(op.key);
          if (cascaded) db.write(cascaded, true);
          barriers = writeBarriers(process, op.key, call, start, scheduler.now(), undefined, "fresh");
          await world.layer(process).own(cacheOf(op.key)).delete(op.key);
          break;
        }
        case "update": {
          const cache = cacheOf(op.key);
          await world
            .layer(process)
            .own(cache)
            .atomicUpdate(op.key, (current) => {
              const at = scheduler.now();
              model.observe({
                home: homeOf(process, cache),
                key: op.key,
                executor: process,
                start,
                end: at,
                value: current,
                call: `${call} (its current value)`,
                route: "own",
              });
              const version = db.write(op.key, !op.deletes);
              const cascaded = cascadeOf(op.key);
              if (cascaded) db.write(cascaded, true);
              barriers = writeBarriers(process, op.key, call, start, scheduler.now(), version, op.deletes ? "fresh" : "value");
              return version === undefined ? undefined : { v: version };
            });
          break;
        }
        case "invalidate": {
          const reached =
            op.how === "own" ? [OWNED_BY[process]] : (Object.keys(CACHES) as CacheName[]).filter((cache) => EXECUTOR[process][cache] !== undefined);
          const keys = keysMatching(op.target, reached);
          const cascaded = keys.map(cascadeOf).filter((key): key is string => key !== undefined && !keys.includes(key));
          if (op.changes) for (const key of [...keys, ...cascaded]) db.write(key, true);
          const after = scheduler.now();
          for (const key of keys) {
            const cache = cacheOf(key);
            barriers.push(
              model.barrier({ home: homeOf(process, cache), key, allows: "fresh", after, start, end: Infinity, executor: EXECUTOR[process][cache]!, call }),
            );
          }
          for (const key of cascaded)
            barriers.push(model.barrier({ home: "edge/profile", key, allows: "fresh", after, start, end: Infinity, executor: "edge", call }));
          if (op.how === "own") await world.layer(process).own(OWNED_BY[process]).invalidate(op.target);
          else await world.layer(process).invalidate(op.target);
          break;
        }
      }
      const end = scheduler.now();
      for (const barrier of barriers) barrier.end = end;
    } catch (error) {
      failed(call, via, error);
    }
  };

  try {
    const threads = program.threads.map(async (ops, thread) => {
      for (const [index, op] of ops.entries()) await run(op, `t${thread}#${index} ${printOp(op)}`);
    });
    await scheduler.run(Promise.all(threads));

    // G1: what each home stores now.
    const now = scheduler.now();
    for (const home of ["c1/user_data", "c2/user_data", "edge/profile", "server/data"]) {
      const cache: CacheName =
        home.endsWith("user_data") ? "user_data"
        : home === "edge/profile" ? "profile"
        : "data";
      for (const id of IDS) {
        const key = `${CACHES[cache].prefix}${id}`;
        const stored = world.peek(home, cache, key);
        const violation = model.checkStored(home, key, stored, now);
        if (violation) violations.push(violation);
      }
    }

    // The fill leases G1 rests on across processes: with every load over, none may be left behind (a
    // lease is kept its ttl only so that a loader that dies frees it); one left makes every other
    // process's read of the key wait that ttl, then load without a lease.
    for (const key of world.leased()) {
      violations.push({
        guarantee: "lease",
        message: `after all settled, ${key} is still leased in the shared store: a load that ended did not free its lease`,
      });
    }

    // G2 after everything settled: touched keys read again (some), through a route picked at random; G6:
    // one touched key read through every kind of route to its owner, which must all agree. (G1 above
    // already covers what every home stores; these reads check what a reader gets from it.)
    const random = seededRandom(program.seed ^ 0xf1a1);
    const touched = [
      ...new Set(model.barriers.map((barrier) => `${barrier.home}|${barrier.key}`).concat(model.observations.map((seen) => `${seen.home}|${seen.key}`))),
    ];
    const everyRoute = touched.filter((entry) => !entry.includes("user_data"))[Math.floor(random() * touched.length)];
    for (const entry of touched) {
      const [home, key] = entry.split("|") as [string, string];
      const cache = cacheOf(key);
      const readers = readersOf(home, cache, random);
      const answers: { process: Process; value: unknown }[] = [];
      const chosen =
        entry === everyRoute ? readers
        : random() < SETTLED_READS ? [readers[Math.floor(random() * readers.length)]!]
        : [];
      for (const process of chosen) {
        const call = `after all settled: ${process} get ${key}`;
        const route = ROUTE[process][cache]!;
        const start = scheduler.now();
        const reading = handleOf(process, cache).get(key);
        await scheduler.run(reading);
        try {
          const value = await reading;
          model.observe({ home, key, executor: EXECUTOR[process][cache]!, start, end: scheduler.now(), value, call, route });
          answers.push({ process, value });
        } catch (error) {
          failed(call, route, error);
        }
      }
      const first = answers[0];
      for (const answer of answers.slice(1)) {
        if (show(answer.value) !== show(first!.value)) {
          violations.push({
            guarantee: "G6",
            message: `after all settled, ${key} reads ${show(first!.value)} via ${first!.process} (${ROUTE[first!.process][cache]}) but ${show(answer.value)} via ${answer.process} (${ROUTE[answer.process][cache]})`,
          });
        }
      }
    }
    violations.push(...model.check());

    // G6: the same invalidation through the in-process and the HTTP route ends the same way.
    if (random() < 0.25) violations.push(...(await probeRoutes(world, random)));
  } catch (error) {
    violations.push({ guarantee: "call", message: `the run itself failed: ${describeError(error)}` });
  } finally {
    await world.close();
  }
  return { program, violations, steps: scheduler.trace.length, fingerprint: scheduler.fingerprint, trace: scheduler.trace, observations: model.observations };
}

/** Who reads a settled key: the owner and, for borrowed caches, one in-process and one HTTP borrower. */
function readersOf(home: string, cache: CacheName, random: () => number): Process[] {
  if (cache === "user_data") return [home.split("/")[0] as Process];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  if (cache === "profile") return ["edge", pick(["c1", "s2"] as const), pick(["c2", "s1"] as const)];
  return [pick(["s1", "s2"] as const), pick(["c1", "edge"] as const), "c2"];
}

/** Targets a probe sends through two routes: keys, patterns, and some each route must refuse alike. */
const PROBES = ["profile:1", "profile*", "profile:*", "data:2", "data*", "*", "user:1", "nope:1", "profile", "data:1:*", "prof*le:2"] as const;

async function probeRoutes(world: World, random: () => number): Promise<Violation[]> {
  const target = PROBES[Math.floor(random() * PROBES.length)]!;
  const pairs: readonly (readonly [Process, Process])[] = [
    ["c1", "c2"],
    ["s2", "s1"],
  ];
  const violations: Violation[] = [];
  for (const [inProcess, overHttp] of pairs) {
    const outcomes: string[] = [];
    for (const process of [inProcess, overHttp]) {
      const calling = world
        .layer(process)
        .invalidate(target)
        .then(
          () => "resolved",
          (error: unknown) => describeError(error),
        );
      await world.scheduler.run(calling);
      outcomes.push(await calling);
    }
    if (outcomes[0] !== outcomes[1]) {
      violations.push({
        guarantee: "G6",
        message: `invalidate(${JSON.stringify(target)}) ${outcomes[0]} from ${inProcess} (in-process routes) but ${outcomes[1]} from ${overHttp} (HTTP routes)`,
      });
    }
  }
  return violations;
}

/** An error as a G6 comparison sees it: class, rule and text. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `threw ${String(error)}`;
  const rule = (error as { rule?: unknown }).rule;
  return `rejected with ${error.name}${typeof rule === "string" ? ` (${rule})` : ""}: ${error.message}`;
}
