/**
 * One call of a program on the real layers: the application's database change first (for a write), then
 * the call, each at the moment the scheduler picks; what the call observed and the writes and drops it
 * made (with the manifest's cascade) go to the reference model.
 */
import { show } from "./database.js";
import { CACHES, cacheOf, cascadeOf, keysMatching, OWNED_BY, type CacheName, type Mode, type Op, type Process } from "./program.js";
import type { Barrier, ReferenceModel } from "./reference-model.js";
import { EXECUTOR, GRACE_MS, homeOf, ROUTE, type Handle, type World } from "./world.js";

/** What a call runs in: the world, the model it reports to, and where a failed call goes. */
export interface RunContext {
  readonly world: World;
  readonly model: ReferenceModel;
  /** A call failed (on its route): G6, since every call of a program succeeds on every route. */
  readonly failed: (call: string, route: string, error: unknown) => void;
}

/** One call under way: how it prints, when it started (and on the clock), the barriers it put (ended together when it resolves). */
interface Step {
  readonly call: string;
  readonly start: number;
  readonly clock: number;
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
  const step: Step = { call, start: scheduler.now(), clock: context.world.clock.now(), barriers: [] };
  try {
    if (op.kind === "read") await read(context, op, step);
    else if (op.kind === "set" || op.kind === "delete") await write(context, op, step);
    else if (op.kind === "setMany" || op.kind === "deleteMany") await writeMany(context, op, step);
    else if (op.kind === "update") await update(context, op, step);
    else await invalidate(context, op, step);
    const end = scheduler.now();
    const clockEnd = context.world.clock.now();
    for (const barrier of step.barriers) {
      barrier.end = end;
      barrier.clockEnd = clockEnd;
    }
  } catch (error) {
    const key =
      op.kind === "read" || op.kind === "setMany" || op.kind === "deleteMany" ? op.keys[0]!
      : op.kind === "invalidate" ? undefined
      : op.key;
    const route = key === undefined ? `${op.process}'s routes` : (ROUTE[op.process][cacheOf(key)] ?? "none");
    context.failed(call, route, error);
  }
}

/**
 * A read, by `get`, `getMany`, `getWithMeta` (which says whether its answer is stale) or `getOrSet`
 * (whose factory reads the database like a load).
 */
async function read({ world, model }: RunContext, op: Extract<Op, { kind: "read" }>, { call, start, clock }: Step): Promise<void> {
  const { scheduler, db } = world;
  const key = op.keys[0]!;
  const cache = cacheOf(key);
  const handle = handleOf(world, op.process, cache);
  let values: unknown[];
  let fresh: boolean | undefined;
  if (op.how === "get") values = [await handle.get(key)];
  else if (op.how === "getMany") values = await handle.getMany(op.keys);
  else if (op.how === "getWithMeta") {
    const meta = await handle.getWithMeta(key);
    values = [meta.value];
    fresh = !meta.stale;
  } else {
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
  op.keys.forEach((seen, index) => model.observe({ home, key: seen, executor, start, end, clock, fresh, value: values[index], call, route }));
}

/** A `set` of a new version, or a `delete` (the row removed or changed), after the database change. */
async function write({ world, model }: RunContext, op: Extract<Op, { kind: "set" | "delete" }>, step: Step): Promise<void> {
  const { scheduler, db } = world;
  const version = db.write(op.key, op.kind === "set" || op.keepsRow);
  const cascaded = cascadeOf(op.key);
  if (cascaded) db.write(cascaded.key, true);
  step.barriers.push(...writeBarriers(model, op.process, op.key, step, scheduler.now(), op.kind === "set" ? version : undefined));
  const handle = world.layer(op.process).own(cacheOf(op.key));
  if (op.kind === "set") await handle.set(op.key, { v: version });
  else await handle.delete(op.key);
}

/**
 * A `setMany` of a new version of each key, or a `deleteMany` (each row removed or changed), after the
 * database changes: one write transaction, which the model holds to what a `set` or `delete` of each
 * key promises (docs/consistency.md: per key, no snapshot across keys while it runs).
 */
async function writeMany({ world, model }: RunContext, op: Extract<Op, { kind: "setMany" | "deleteMany" }>, step: Step): Promise<void> {
  const { scheduler, db } = world;
  const versions = op.keys.map((key) => db.write(key, op.kind === "setMany" || op.keepsRow));
  const cascaded = [...new Set(op.keys.flatMap((key) => cascadeOf(key)?.key ?? []))];
  for (const key of cascaded) db.write(key, true);
  const after = scheduler.now();
  op.keys.forEach((key, index) =>
    step.barriers.push(...writeBarriers(model, op.process, key, step, after, op.kind === "setMany" ? versions[index] : undefined)),
  );
  const handle = world.layer(op.process).own(OWNED_BY[op.process]);
  if (op.kind === "setMany") await handle.setMany(op.keys.map((key, index) => [key, { v: versions[index] }] as const));
  else await handle.deleteMany(op.keys);
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
      // It is never a stale value: an update reads a fresh entry or loads.
      const call = `${step.call} (its current value)`;
      model.observe({
        home,
        key: op.key,
        executor: op.process,
        start: step.start,
        end: scheduler.now(),
        clock: step.clock,
        fresh: true,
        value: current,
        call,
        route: "own",
      });
      const version = db.write(op.key, !op.deletes);
      const cascaded = cascadeOf(op.key);
      if (cascaded) db.write(cascaded.key, true);
      step.barriers.push(...writeBarriers(model, op.process, op.key, step, scheduler.now(), version));
      return version === undefined ? undefined : { v: version };
    });
}

/**
 * An invalidation of a key or pattern (the rows it reaches changed first, if the program says so):
 * through the layer, every cache it reaches; through the owned handle, that cache. The model holds it to
 * the keys it matches and their cascades; the library may drop more (a pattern's cascade without
 * captures drops a whole pattern), never less. Each key's mode: the call's, else `delete` for a key the
 * target names and the manifest's for a cascaded one — deleted if any way it is reached deletes it.
 */
async function invalidate({ world, model }: RunContext, op: Extract<Op, { kind: "invalidate" }>, step: Step): Promise<void> {
  const { scheduler, db } = world;
  const reached = op.how === "own" ? [OWNED_BY[op.process]] : (Object.keys(CACHES) as CacheName[]).filter((cache) => EXECUTOR[op.process][cache] !== undefined);
  const modes = new Map<string, Mode>();
  const reach = (key: string, mode: Mode) => modes.set(key, modes.get(key) === "delete" ? "delete" : mode);
  const keys = keysMatching(op.target, reached);
  for (const key of keys) reach(key, op.mode ?? "delete");
  for (const key of keys) {
    const cascaded = cascadeOf(key);
    if (cascaded) reach(cascaded.key, op.mode ?? cascaded.mode);
  }
  if (op.changes) for (const key of modes.keys()) db.write(key, true);
  const after = scheduler.now();
  for (const [key, mode] of modes) {
    const cache = cacheOf(key);
    // A cascaded profile is dropped at the edge, whoever invalidated.
    const executor = EXECUTOR[op.process][cache] ?? "edge";
    step.barriers.push(drop(model, homeOf(executor, cache), key, mode, after, step, executor));
  }
  const options = op.mode === undefined ? undefined : { mode: op.mode };
  if (op.how === "own") await world.layer(op.process).own(OWNED_BY[op.process]).invalidate(op.target, options);
  else await world.layer(op.process).invalidate(op.target, options);
}

/**
 * The barriers a write of `key` by `process` puts: the key in its home (its own value, `version`, or a
 * drop when undefined), and its cascade at the edge (a drop of the profile, or an expire).
 */
function writeBarriers(model: ReferenceModel, process: Process, key: string, step: Step, after: number, version: number | undefined): Barrier[] {
  const { call, start } = step;
  const allows = version === undefined ? "fresh" : "value";
  const home = homeOf(process, cacheOf(key));
  const barriers = [model.barrier({ home, key, allows, version, after, start, end: Infinity, clockEnd: Infinity, executor: process, call })];
  const cascaded = cascadeOf(key);
  if (cascaded) barriers.push(drop(model, "edge/profile", cascaded.key, cascaded.mode, after, step, "edge"));
  return barriers;
}

/** A drop of `key` in `home` (what the next read loads), or an expire: a soft one where the cache has a grace (else it deletes). */
function drop(model: ReferenceModel, home: string, key: string, mode: Mode, after: number, step: Step, executor: Process): Barrier {
  const graceMs = mode === "expire" ? GRACE_MS[cacheOf(key)] : undefined;
  return model.barrier({ home, key, allows: "fresh", after, start: step.start, end: Infinity, clockEnd: Infinity, graceMs, executor, call: step.call });
}

/** An error as a G6 comparison sees it: class, rule and text. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `threw ${String(error)}`;
  const rule = (error as { rule?: unknown }).rule;
  return `rejected with ${error.name}${typeof rule === "string" ? ` (${rule})` : ""}: ${error.message}`;
}
