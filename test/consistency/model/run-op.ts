/**
 * One call of a program on the real layers: the application's database change first (for a write), then
 * the call, each at the moment the scheduler picks; what the call observed and the writes and drops it
 * made (with the manifest's cascade) go to the reference model.
 */
import { show } from "./database.js";
import { CACHES, cacheOf, cascadeOf, keysMatching, OWNED_BY, type CacheName, type Op, type Process } from "./program.js";
import type { Barrier, ReferenceModel } from "./reference-model.js";
import { EXECUTOR, homeOf, ROUTE, type Handle, type World } from "./world.js";

/** What a call runs in: the world, the model it reports to, and where a failed call goes. */
export interface RunContext {
  readonly world: World;
  readonly model: ReferenceModel;
  /** A call failed (on its route): G6, since every call of a program succeeds on every route. */
  readonly failed: (call: string, route: string, error: unknown) => void;
}

/** One call under way: how it prints, when it started, the barriers it put (ended together when it resolves). */
interface Step {
  readonly call: string;
  readonly start: number;
  readonly barriers: Barrier[];
}

/** The handle a process reads `cache` through: its own, or a borrow from the owner. */
export function handleOf(world: World, process: Process, cache: CacheName): Handle {
  return OWNED_BY[process] === cache ? world.layer(process).own(cache) : world.layer(process).borrow(cache);
}

/**
 * Runs `op` (`call` is how the program prints it, with its thread and index).
 *
 * @example
 * await runOp(context, { kind: "set", process: "c1", key: "user:1" }, "t0#0 c1 set user:1")
 */
export async function runOp(context: RunContext, op: Op, call: string): Promise<void> {
  const { scheduler } = context.world;
  await scheduler.point(`op ${call}`, "op");
  const step: Step = { call, start: scheduler.now(), barriers: [] };
  try {
    if (op.kind === "read") await read(context, op, step);
    else if (op.kind === "set" || op.kind === "delete") await write(context, op, step);
    else if (op.kind === "update") await update(context, op, step);
    else await invalidate(context, op, step);
    const end = scheduler.now();
    for (const barrier of step.barriers) barrier.end = end;
  } catch (error) {
    const route = op.kind === "invalidate" ? `${op.process}'s routes` : (ROUTE[op.process][cacheOf(op.kind === "read" ? op.keys[0]! : op.key)] ?? "none");
    context.failed(call, route, error);
  }
}

/** A read, by `get`, `getMany`, `getWithMeta` or `getOrSet` (whose factory reads the database like a load). */
async function read({ world, model }: RunContext, op: Extract<Op, { kind: "read" }>, { call, start }: Step): Promise<void> {
  const { scheduler, db } = world;
  const key = op.keys[0]!;
  const cache = cacheOf(key);
  const handle = handleOf(world, op.process, cache);
  let values: unknown[];
  if (op.how === "get") values = [await handle.get(key)];
  else if (op.how === "getMany") values = await handle.getMany(op.keys);
  else if (op.how === "getWithMeta") values = [(await handle.getWithMeta(key)).value];
  else {
    const factory = async () => {
      await scheduler.point(`factory read ${key}`, "source");
      const value = db.read(key);
      await scheduler.point(`factory answer ${key} ${show(value)}`, "source");
      return value;
    };
    values = [await handle.getOrSet(key, factory)];
  }
  const end = scheduler.now();
  const [home, executor, route] = [homeOf(op.process, cache), EXECUTOR[op.process][cache]!, ROUTE[op.process][cache]!];
  op.keys.forEach((seen, index) => model.observe({ home, key: seen, executor, start, end, value: values[index], call, route }));
}

/** A `set` of a new version, or a `delete` (the row removed or changed), after the database change. */
async function write({ world, model }: RunContext, op: Extract<Op, { kind: "set" | "delete" }>, step: Step): Promise<void> {
  const { scheduler, db } = world;
  const version = db.write(op.key, op.kind === "set" || op.keepsRow);
  const cascaded = cascadeOf(op.key);
  if (cascaded) db.write(cascaded, true);
  step.barriers.push(...writeBarriers(model, op.process, op.key, step, scheduler.now(), op.kind === "set" ? version : undefined));
  const handle = world.layer(op.process).own(cacheOf(op.key));
  if (op.kind === "set") await handle.set(op.key, { v: version });
  else await handle.delete(op.key);
}

/** An `atomicUpdate` whose function writes the database, then returns the new value (or undefined: a delete). */
async function update({ world, model }: RunContext, op: Extract<Op, { kind: "update" }>, step: Step): Promise<void> {
  const { scheduler, db } = world;
  const cache = cacheOf(op.key);
  const home = homeOf(op.process, cache);
  await world
    .layer(op.process)
    .own(cache)
    .atomicUpdate(op.key, (current) => {
      // What the update saw is a read too: it must not be older than a write completed before the update.
      const call = `${step.call} (its current value)`;
      model.observe({ home, key: op.key, executor: op.process, start: step.start, end: scheduler.now(), value: current, call, route: "own" });
      const version = db.write(op.key, !op.deletes);
      const cascaded = cascadeOf(op.key);
      if (cascaded) db.write(cascaded, true);
      step.barriers.push(...writeBarriers(model, op.process, op.key, step, scheduler.now(), version));
      return version === undefined ? undefined : { v: version };
    });
}

/**
 * An invalidation of a key or pattern (the rows it reaches changed first, if the program says so):
 * through the layer, every cache it reaches; through the owned handle, that cache. The model holds it to
 * the keys it matches and their cascades; the library may drop more (a pattern's cascade without
 * captures drops a whole pattern), never less.
 */
async function invalidate({ world, model }: RunContext, op: Extract<Op, { kind: "invalidate" }>, step: Step): Promise<void> {
  const { scheduler, db } = world;
  const reached = op.how === "own" ? [OWNED_BY[op.process]] : (Object.keys(CACHES) as CacheName[]).filter((cache) => EXECUTOR[op.process][cache] !== undefined);
  const keys = keysMatching(op.target, reached);
  const cascaded = keys.map(cascadeOf).filter((key): key is string => key !== undefined && !keys.includes(key));
  if (op.changes) for (const key of [...keys, ...cascaded]) db.write(key, true);
  const after = scheduler.now();
  const drop = (key: string, home: string, executor: Process) =>
    model.barrier({ home, key, allows: "fresh", after, start: step.start, end: Infinity, executor, call: step.call });
  for (const key of keys) step.barriers.push(drop(key, homeOf(op.process, cacheOf(key)), EXECUTOR[op.process][cacheOf(key)]!));
  for (const key of cascaded) step.barriers.push(drop(key, "edge/profile", "edge"));
  if (op.how === "own") await world.layer(op.process).own(OWNED_BY[op.process]).invalidate(op.target);
  else await world.layer(op.process).invalidate(op.target);
}

/**
 * The barriers a write of `key` by `process` puts: the key in its home (its own value, `version`, or a
 * drop when undefined), and its cascade, a drop of the profile at the edge.
 */
function writeBarriers(model: ReferenceModel, process: Process, key: string, step: Step, after: number, version: number | undefined): Barrier[] {
  const { call, start } = step;
  const allows = version === undefined ? "fresh" : "value";
  const barriers = [model.barrier({ home: homeOf(process, cacheOf(key)), key, allows, version, after, start, end: Infinity, executor: process, call })];
  const cascaded = cascadeOf(key);
  if (cascaded) barriers.push(model.barrier({ home: "edge/profile", key: cascaded, allows: "fresh", after, start, end: Infinity, executor: "edge", call }));
  return barriers;
}

/** An error as a G6 comparison sees it: class, rule and text. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `threw ${String(error)}`;
  const rule = (error as { rule?: unknown }).rule;
  return `rejected with ${error.name}${typeof rule === "string" ? ` (${rule})` : ""}: ${error.message}`;
}
