/**
 * The checks of a run once every call and everything it started is over:
 *
 *   G1     what every home stores is a value a read starting now may return (a fresh entry as fresh, a
 *          stale one as stale);
 *   lease  no fill lease is left in the shared store;
 *   G2     touched keys read again (some), each through a route picked at random;
 *   G6     one touched key read through every kind of route to its owner, all agreeing (its fresh
 *          answers, when an expire may have left it stale), and (sometimes) one invalidation through
 *          the in-process and the HTTP routes, ending the same way;
 *   grace  when an expire reached something: the clock moved past grace, then G1 again and (some runs)
 *          one key an expire reached read again — no stale value is served any more.
 */
import { seededRandom } from "../../helpers/seeded-random.js";
import { show } from "./database.js";
import { CACHES, cacheOf, IDS, type CacheName, type Process, type Program } from "./program.js";
import type { Violation } from "./reference-model.js";
import { describeError, handleOf, type RunContext } from "./run-op.js";
import { EXECUTOR, GRACE_MS, ROUTE, type World } from "./world.js";

/** The share of touched keys read again after everything settled (besides the one read through every route). */
const SETTLED_READS = 0.35;
/** The share of runs with an expire that read one expired key again once grace has passed (G1 checks every home in all of them). */
const AFTER_GRACE_READS = 0.4;
/** The share of runs that end with an invalidation probed through both routes. */
const PROBED = 0.25;
/** Every cache home, with its cache. */
const HOMES: readonly (readonly [string, CacheName])[] = [
  ["c1/user_data", "user_data"],
  ["c2/user_data", "user_data"],
  ["edge/profile", "profile"],
  ["server/data", "data"],
];
/** Targets a probe sends through two routes: keys, patterns, and some each route must refuse alike. */
const PROBES = ["profile:1", "profile*", "profile:*", "data:2", "data*", "*", "user:1", "nope:1", "profile", "data:1:*", "prof*le:2"] as const;

/**
 * Checks `program`'s world after everything settled; returns what broke, the model's check of every
 * observation included.
 *
 * @example
 * violations.push(...(await checkSettled(context, program)));
 */
export async function checkSettled(context: RunContext, program: Program): Promise<Violation[]> {
  const random = seededRandom(program.seed ^ 0xf1a1);
  const violations = [...storedValues(context), ...leftLeases(context.world), ...(await readAgain(context, random))];
  violations.push(...(await afterGrace(context, random)));
  violations.push(...context.model.check());
  if (random() < PROBED) violations.push(...(await probeRoutes(context.world, random)));
  // A stored value G1 refuses before grace passed is refused again after: once is enough.
  return [...new Map(violations.map((violation) => [`${violation.guarantee} ${violation.message}`, violation])).values()];
}

/** G1: what each home stores now, read from the store itself. */
function storedValues({ world, model }: RunContext): Violation[] {
  const now = world.scheduler.now();
  const clock = world.clock.now();
  const violations: Violation[] = [];
  for (const [home, cache] of HOMES) {
    for (const id of IDS) {
      const key = `${CACHES[cache].prefix}${id}`;
      const violation = model.checkStored(home, key, world.peek(home, cache, key), now, clock);
      if (violation) violations.push(violation);
    }
  }
  return violations;
}

/**
 * After an expire: the clock moves past every grace, then what each home stores is checked again and,
 * in some runs (`AFTER_GRACE_READS`: the cost of a run stays low), one key an expire reached is read
 * again through a route picked at random (the model checks the value with the others): a stale value
 * is not served once its grace has passed.
 */
async function afterGrace(context: RunContext, random: () => number): Promise<Violation[]> {
  const { world, model, failed } = context;
  const expired = [...new Set(model.barriers.filter((barrier) => barrier.graceMs !== undefined).map((barrier) => `${barrier.home}|${barrier.key}`))];
  if (expired.length === 0) return [];
  world.scheduler.elapse(Math.max(...Object.values(GRACE_MS).map((grace) => grace ?? 0)));
  const violations = storedValues(context);
  if (random() >= AFTER_GRACE_READS) return violations;
  const [home, key] = expired[Math.floor(random() * expired.length)]!.split("|") as [string, string];
  const cache = cacheOf(key);
  const readers = readersOf(home, cache, random);
  const process = readers[Math.floor(random() * readers.length)]!;
  const call = `after grace: ${process} get ${key}`;
  const route = ROUTE[process][cache]!;
  const start = world.scheduler.now();
  const clock = world.clock.now();
  const reading = handleOf(world, process, cache).get(key);
  await world.scheduler.run(reading);
  try {
    model.observe({ home, key, executor: EXECUTOR[process][cache]!, start, end: world.scheduler.now(), clock, value: await reading, call, route });
  } catch (error) {
    failed(call, route, error);
  }
  return violations;
}

/**
 * The fill leases G1 rests on across processes: with every load over, none may be left (a lease is kept
 * its ttl only so that a loader that dies frees it); one left makes every other process's read of the key
 * wait that ttl, then load without a lease.
 */
function leftLeases(world: World): Violation[] {
  return world.leased().map((key) => ({
    guarantee: "lease",
    message: `after all settled, ${key} is still leased in the shared store: a load that ended did not free its lease`,
  }));
}

/**
 * G2 and G6 at rest: touched keys read again (the model checks the values with the others), one of them
 * through the owner, an in-process borrower and an HTTP borrower, which must agree.
 */
async function readAgain({ world, model, failed }: RunContext, random: () => number): Promise<Violation[]> {
  const violations: Violation[] = [];
  const touched = [...new Set([...model.barriers, ...model.observations].map((seen) => `${seen.home}|${seen.key}`))];
  const borrowed = touched.filter((entry) => !entry.includes("user_data"));
  const everyRoute = borrowed[Math.floor(random() * borrowed.length)];
  for (const entry of touched) {
    const [home, key] = entry.split("|") as [string, string];
    const cache = cacheOf(key);
    const readers = readersOf(home, cache, random);
    const chosen =
      entry === everyRoute ? readers
      : random() < SETTLED_READS ? [readers[Math.floor(random() * readers.length)]!]
      : [];
    // A key an expire reached may answer its stale value once (and refresh behind it): those reads say
    // so (`getWithMeta`), and only fresh answers must agree.
    const soft = model.hasSoftBarrier(home, key);
    const answers: { process: Process; value: unknown }[] = [];
    for (const process of chosen) {
      const call = `after all settled: ${process} ${soft ? "getWithMeta" : "get"} ${key}`;
      const route = ROUTE[process][cache]!;
      const start = world.scheduler.now();
      const clock = world.clock.now();
      const handle = handleOf(world, process, cache);
      const reading = soft ? handle.getWithMeta(key) : handle.get(key).then((value) => ({ value, stale: undefined }));
      await world.scheduler.run(reading);
      try {
        const { value, stale } = await reading;
        const fresh = stale === undefined ? undefined : !stale;
        model.observe({ home, key, executor: EXECUTOR[process][cache]!, start, end: world.scheduler.now(), clock, fresh, value, call, route });
        if (fresh !== false) answers.push({ process, value });
      } catch (error) {
        failed(call, route, error);
      }
    }
    const [first, ...others] = answers;
    for (const answer of others) {
      if (show(answer.value) === show(first!.value)) continue;
      violations.push({
        guarantee: "G6",
        message: `after all settled, ${key} reads ${show(first!.value)} via ${first!.process} (${ROUTE[first!.process][cache]}) but ${show(answer.value)} via ${answer.process} (${ROUTE[answer.process][cache]})`,
      });
    }
  }
  return violations;
}

/** Who reads a settled key: its owner and, for borrowed caches, one in-process and one HTTP borrower. */
function readersOf(home: string, cache: CacheName, random: () => number): Process[] {
  if (cache === "user_data") return [home.split("/")[0] as Process];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  if (cache === "profile") return ["edge", pick(["c1", "s2"] as const), pick(["c2", "s1"] as const)];
  return [pick(["s1", "s2"] as const), pick(["c1", "edge"] as const), "c2"];
}

/** G6: one invalidation from a process reaching its owners in-process and from one reaching them over HTTP. */
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
    if (outcomes[0] === outcomes[1]) continue;
    violations.push({
      guarantee: "G6",
      message: `invalidate(${JSON.stringify(target)}) ${outcomes[0]} from ${inProcess} (in-process routes) but ${outcomes[1]} from ${overHttp} (HTTP routes)`,
    });
  }
  return violations;
}
