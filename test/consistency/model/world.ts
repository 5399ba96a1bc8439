/**
 * The real layers a program runs on, made through the public API only. One manifest: a client owning
 * `user:*` whose writes invalidate `profile:*` (owned by the edge, the wildcard carried over), a server
 * owning `data:*` whose writes mark `profile:*` stale (`mode: "expire"`); `profile` and `data` have a
 * `grace` (an expire marks them stale), `user_data` none (an expire deletes there). Five processes:
 *
 *   c1    client; reaches the edge and s2 in this process (`remotes: { edge, server: s2 }`)
 *   c2    client; reaches the edge and s1 over HTTP (`remoteLayer(url, { fetch })`, the fetch calling
 *         the `serveLayer` handler directly: no sockets, each hop a scheduled step)
 *   edge  owns profile; reaches s1 in this process
 *   s1,s2 two processes of the server sharing one store (like Redis: `forgetLocal` does nothing, fill
 *         leases) and one bus; s1 reaches the edge over HTTP, s2 in this process
 *
 * Every source load, store call, bus delivery and HTTP hop waits for the scheduler.
 */
import {
  createLayer,
  defineManifest,
  manualClock,
  remoteLayer,
  serveLayer,
  type LayerRoute,
  type ManualClock,
  type RemoteLayer,
  type StoredEntry,
} from "../../../src/index.node.js";
import { Database } from "./database.js";
import { Backend, type BackendOptions, type ExpireFault } from "./backend.js";
import { ScheduledBus } from "./scheduled-bus.js";
import { Scheduler, weightedPolicy, type Policy } from "./scheduler.js";
import type { CacheName, Mode, Process, Program } from "./program.js";

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"], ttl: "1h" },
    profile: { primary: "edge", owns: ["profile:*"], ttl: "1h", grace: "300ms" },
    data: { primary: "server", owns: ["data:*"], invalidates: [{ target: "profile:*", mode: "expire" }], ttl: "1h", grace: "300ms" },
  },
});

/**
 * Each cache's `grace` in ms, as the manifest says (undefined: none, so an expire deletes): how long a
 * value marked stale may still be served. Three scheduler ticks, so a run that waits on a lease can pass it.
 */
export const GRACE_MS: Readonly<Record<CacheName, number | undefined>> = { user_data: undefined, profile: 300, data: 300 };

/** What the checker calls on a handle: the methods of `Owned` and `Borrowed` it uses, with values erased. */
export interface Handle {
  get(key: string): Promise<unknown>;
  getMany(keys: readonly string[]): Promise<unknown[]>;
  getWithMeta(key: string): Promise<{ readonly value: unknown; readonly stale: boolean }>;
  getOrSet(key: string, factory: () => unknown): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  setMany(entries: Iterable<readonly [string, unknown]>): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<boolean>;
  atomicUpdate(key: string, fn: (current: unknown) => unknown): Promise<unknown>;
  invalidate(patternOrKey: string, options?: { readonly mode: Mode }): Promise<void>;
}

/** What the checker calls on a layer, with the manifest's types erased so a program can pick by name. */
export interface AnyLayer {
  own(cache: string): Handle;
  borrow(cache: string): Handle;
  invalidate(patternOrKey: string, options?: { readonly mode: Mode }): Promise<void>;
  readonly route: LayerRoute;
  close(): Promise<void>;
}

/** How the world is built: the healthy library, or with a deliberate fault to show the checker fails. */
export interface WorldOptions {
  /** The shared server store has fill leases, as the Redis store's contract says. @default true */
  readonly sharedLeases?: boolean | undefined;
  /** The shared server store's `keys` leaves out leased keys (allowed by the store contract's wording). */
  readonly hidesLeases?: boolean | undefined;
  /** Broken on purpose: the server's store answers `delete` without deleting. */
  readonly ignoresDeletes?: boolean | undefined;
  /** Broken on purpose: the server's store writes the last key of a `setMany`/`deleteMany` without taking its fill lease away. */
  readonly batchKeepsLease?: boolean | undefined;
  /** How the server's store expires a key (`mode: "expire"`); anything but `"atomic"` is broken (see `ExpireFault`). @default "atomic" */
  readonly expire?: ExpireFault | undefined;
  /**
   * Broken on purpose, a layer without fill tickets: after the server's source answers, the loaded value
   * is also written to the store through a second path, at a moment the scheduler picks.
   */
  readonly lateFill?: boolean | undefined;
  /** A scripted schedule instead of the program's weighted random one. */
  readonly policy?: Policy | undefined;
}

/** Where each process's calls to a cache run (the owner process it reaches). */
export const EXECUTOR: Readonly<Record<Process, Readonly<Record<CacheName, Process | undefined>>>> = {
  c1: { user_data: "c1", profile: "edge", data: "s2" },
  c2: { user_data: "c2", profile: "edge", data: "s1" },
  edge: { user_data: undefined, profile: "edge", data: "s1" },
  s1: { user_data: undefined, profile: "edge", data: "s1" },
  s2: { user_data: undefined, profile: "edge", data: "s2" },
};

/** How each process reaches the owner of a cache: "own" (it is the owner), "in-process" or "http". */
export const ROUTE: Readonly<Record<Process, Readonly<Record<CacheName, "own" | "in-process" | "http" | undefined>>>> = {
  c1: { user_data: "own", profile: "in-process", data: "in-process" },
  c2: { user_data: "own", profile: "http", data: "http" },
  edge: { user_data: undefined, profile: "own", data: "in-process" },
  s1: { user_data: undefined, profile: "http", data: "own" },
  s2: { user_data: undefined, profile: "in-process", data: "own" },
};

/** The home of a key as a process reaches it: the one store its cache lives in. */
export function homeOf(process: Process, cache: CacheName): string {
  return (
    cache === "user_data" ? `${process}/user_data`
    : cache === "profile" ? "edge/profile"
    : "server/data"
  );
}

/** The processes that serve a home (several when they share a store). */
export function processesOf(home: string): readonly Process[] {
  if (home === "server/data") return ["s1", "s2"];
  return [home.split("/")[0] as Process];
}

/**
 * One program's world.
 *
 * @example
 * const world = new World(program, { sharedLeases: true });
 * await world.layer("c1").own("user_data").set("user:1", { v: 1 });
 */
export class World {
  readonly clock: ManualClock;
  readonly scheduler: Scheduler;
  readonly db: Database;
  readonly bus: ScheduledBus;
  readonly #backends: Readonly<Record<string, Backend>>;
  readonly #made = new Map<Process, AnyLayer>();
  readonly #remotes: RemoteLayer[] = [];
  readonly #make: Readonly<Record<Process, () => unknown>>;

  constructor(program: Program, options: WorldOptions = {}) {
    this.clock = manualClock();
    this.scheduler = new Scheduler(program.seed ^ 0x5eed, this.clock, options.policy ?? weightedPolicy(program.weights));
    this.db = new Database(this.scheduler);
    for (const key of program.initial) this.db.write(key, true);
    this.bus = new ScheduledBus(this.scheduler);
    const scheduler = this.scheduler;
    const own = (shared: Partial<BackendOptions> = {}) => new Backend(this.clock, { shared: false, leases: false, ...shared });
    const server = own({
      shared: true,
      leases: options.sharedLeases ?? true,
      ignoresDeletes: options.ignoresDeletes,
      hidesLeases: options.hidesLeases,
      batchKeepsLease: options.batchKeepsLease,
      expire: options.expire,
    });
    const backends: Record<string, Backend> = { "c1/user_data": own(), "c2/user_data": own(), "edge/profile": own(), "server/data": server };
    this.#backends = backends;

    const source = this.db.source();
    const serverSource = options.lateFill ? this.#lateFilling(source, server) : source;
    const clock = this.clock;
    const bus = this.bus;
    const layer = (process: Process) => this.layer(process);
    const made = this.#made;
    const once =
      <T>(process: Process, make: () => T): (() => T) =>
      () => {
        if (!made.has(process)) made.set(process, make() as unknown as AnyLayer);
        return made.get(process) as unknown as T;
      };
    const handlers = new Map<"edge" | "s1", (request: Request) => Promise<Response>>();
    const handler = (to: "edge" | "s1") => {
      let found = handlers.get(to);
      if (found === undefined) handlers.set(to, (found = to === "edge" ? serveLayer(edge(), { expose: ["profile"] }) : serveLayer(s1(), { expose: ["data"] })));
      return found;
    };
    const http = (from: Process, to: "edge" | "s1"): RemoteLayer => {
      const name = `${from}→${to}`;
      const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        const what = request.method === "GET" ? `GET ${decodeURIComponent(request.url.slice(request.url.indexOf("key=") + 4))}` : "POST invalidate";
        await scheduler.point(`http ${name} ${what}`, "http");
        const response = await handler(to)(request);
        await scheduler.point(`http ${name} answer ${response.status}`, "http");
        return response;
      }) as typeof globalThis.fetch;
      const remote = remoteLayer(`http://${to}.test/`, { layer: to === "s1" ? "server" : "edge", fetch });
      this.#remotes.push(remote);
      return remote;
    };
    // Each layer is made when first used (a program touches few), and reaches the others through
    // `remotes` getters: the runtime reads `remotes` at each use.
    const storeOf = (process: Process, backend: Backend) => (program.scheduledStores.includes(process) ? backend.connect(scheduler, process) : backend.raw);
    const s1 = once("s1", () =>
      createLayer(app, "server", {
        store: storeOf("s1", server),
        bus: bus.connect("s1"),
        clock,
        processId: "s1",
        sources: { data: serverSource },
        remotes: { edge: http("s1", "edge") },
      }),
    );
    const s2 = once("s2", () =>
      createLayer(app, "server", {
        store: storeOf("s2", server),
        bus: bus.connect("s2"),
        clock,
        processId: "s2",
        sources: { data: serverSource },
        remotes: {
          get edge() {
            return layer("edge");
          },
        },
      }),
    );
    const edge = once("edge", () =>
      createLayer(app, "edge", {
        store: storeOf("edge", backends["edge/profile"]!),
        clock,
        processId: "edge",
        sources: { profile: source },
        remotes: {
          get server() {
            return layer("s1");
          },
        },
      }),
    );
    const c1 = once("c1", () =>
      createLayer(app, "client", {
        store: storeOf("c1", backends["c1/user_data"]!),
        clock,
        processId: "c1",
        sources: { user_data: source },
        remotes: {
          get edge() {
            return layer("edge");
          },
          get server() {
            return layer("s2");
          },
        },
      }),
    );
    const c2 = once("c2", () =>
      createLayer(app, "client", {
        store: storeOf("c2", backends["c2/user_data"]!),
        clock,
        processId: "c2",
        sources: { user_data: source },
        remotes: { edge: http("c2", "edge"), server: http("c2", "s1") },
      }),
    );
    this.#make = { s1, s2, edge, c1, c2 };
  }

  /** The layer of `process`, made on first use. */
  layer(process: Process): AnyLayer {
    return this.#make[process]() as AnyLayer;
  }

  /** The HTTP routes made so far. */
  get remotes(): readonly RemoteLayer[] {
    return this.#remotes;
  }

  /** The entry stored now for `key` in `home`, read from the store itself (its value a `Versioned`). */
  peek(home: string, cache: CacheName, key: string): StoredEntry | undefined {
    return this.#backends[home]!.peek(cache, key);
  }

  /** The server keys still leased in the shared store. */
  leased(): string[] {
    return this.#backends["server/data"]!.leased("data");
  }

  async close(): Promise<void> {
    for (const remote of this.#remotes) remote.close();
    await Promise.all([...this.#made.values()].map((layer) => layer.close()));
  }

  /** The broken source of `lateFill`: it answers, then writes what it loaded into the store itself. */
  #lateFilling(source: ReturnType<Database["source"]>, backend: Backend): ReturnType<Database["source"]> {
    return {
      load: async (key) => {
        const value = await source.load(key);
        if (value !== undefined) {
          void this.scheduler.point(`late fill ${key}`, "store").then(() => backend.partition("data").set(key, { value, storedAt: this.clock.now() }));
        }
        return value;
      },
    };
  }
}
