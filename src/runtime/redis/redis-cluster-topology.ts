/**
 * What a borrowcache connection adds to node-redis's cluster client, which refreshes its slot map only
 * when a node answers MOVED or ASK. When a master dies, nobody answers that: its slots keep pointing at
 * the dead address (calls fail with "The client is offline") until the same address comes back, even
 * after a replica took over. So on every sign of a node failure — a node's connection error, a call
 * that timed out or found its node offline, `CLUSTERDOWN` — this asks a live node for `CLUSTER SLOTS`
 * and, when the owners changed, has the client rediscover from that node; it keeps asking, with
 * backoff (25 ms doubling to 250 ms, 1 s after 10 s), until every master in the map answers and every
 * slot has one. Writes to a promoted replica's slots then succeed within a few hundred milliseconds of
 * the promotion, whether or not the dead node ever returns.
 *
 * It also tells when a node's connection becomes ready after the first connect (node-redis reports
 * only the first ready of each node client), which is a cluster's reconnect.
 */
import { createClient } from "@redis/client";
import { keySlot } from "./redis-slot.js";

/** A node client of node-redis's cluster, as far as this module uses it. */
export interface NodeClientLike {
  readonly isReady: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  clusterSlots(): Promise<readonly ShardLike[]>;
}

/** One range of `CLUSTER SLOTS`, as node-redis transforms it. */
export interface ShardLike {
  readonly from: number;
  readonly to: number;
  readonly master: { readonly host: string; readonly port: number };
}

interface ClusterNodeLike {
  readonly address: string;
  readonly client?: NodeClientLike | undefined;
  readonly pubSub?: { readonly client: NodeClientLike } | undefined;
}

/** node-redis's `RedisCluster`, as far as this module uses it. */
export interface ClusterClientLike {
  /** False before the first connect and after a failed one or `destroy()`: nothing to refresh. */
  readonly isOpen: boolean;
  readonly slots: readonly ({ readonly master: ClusterNodeLike } | undefined)[];
  readonly masters: readonly ClusterNodeLike[];
  readonly replicas: readonly ClusterNodeLike[];
  readonly pubSubNode?: { readonly address: string; readonly client: NodeClientLike } | undefined;
  readonly _slots: { rediscover(startWith: { readonly options: object }): Promise<void> };
  readonly _options?: { readonly rootNodes?: readonly object[] };
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/** Options of `ClusterTopology`. */
export interface ClusterTopologyOptions {
  /** Bounds each question to a node (a paused node must not stall the refresh). */
  readonly timeoutMs: number;
  /** A node client became ready after the first connect: `address` reconnected, or joined the map. */
  readonly onNodeReady: (address: string) => void;
  /** Whether the connection's first connect is over (readies before it are not reconnects). */
  readonly connected: () => boolean;
}

const SLOTS = 16_384;
const FIRST_DELAY_MS = 25;
const MAX_DELAY_MS = 250;
const SLOW_DELAY_MS = 1000;
const SLOW_AFTER_MS = 10_000;

/**
 * Follows a cluster's failovers for one node-redis cluster client.
 *
 * @example
 * declare const cluster: ClusterClientLike; // createCluster({ rootNodes })
 * const topology = new ClusterTopology(cluster, { timeoutMs: 1000, onNodeReady: (node) => console.log(`${node} ready`), connected: () => true });
 * topology.masterOf("shop::cart::1"); //=> "127.0.0.1:6390"
 * topology.refresh(); // a node failed: find its slots' new owner
 */
export class ClusterTopology {
  readonly #cluster: ClusterClientLike;
  readonly #options: ClusterTopologyOptions;
  readonly #hooked = new WeakSet<object>();
  #running: Promise<void> | undefined;
  #stopped = false;
  #rediscoveries = 0;

  constructor(cluster: ClusterClientLike, options: ClusterTopologyOptions) {
    this.#cluster = cluster;
    this.#options = options;
    // Hooked at its first `connect`, a node client's every `ready` (the first one included) is heard.
    cluster.on("node-connect", () => this.#hookClients());
    cluster.on("node-ready", () => this.#hookClients());
    cluster.on("node-error", () => this.refresh());
  }

  /** How many times the slot map was rediscovered because its owners had changed. */
  get rediscoveries(): number {
    return this.#rediscoveries;
  }

  /** The address of the master serving `redisKey`'s slot in the client's map now. */
  masterOf(redisKey: string): string | undefined {
    return this.#cluster.slots[keySlot(redisKey)]?.master.address;
  }

  /** A node failed (or the cluster is reconfiguring): refresh until the map is whole and every master answers. */
  refresh(): void {
    if (this.#running || this.#stopped || !this.#options.connected() || !this.#cluster.isOpen) return;
    this.#running = this.#loop()
      .catch(() => {}) // each step is guarded; this only keeps a surprise from becoming an unhandled rejection
      .finally(() => {
        this.#running = undefined;
      });
  }

  /** Stops refreshing (the connection is closing). */
  stop(): void {
    this.#stopped = true;
  }

  async #loop(): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; !this.#stopped && this.#cluster.isOpen; attempt++) {
      await this.#refreshOnce();
      if (this.#healthy() || this.#stopped) return;
      const cap = Date.now() - started < SLOW_AFTER_MS ? MAX_DELAY_MS : SLOW_DELAY_MS;
      await sleep(Math.min(cap, FIRST_DELAY_MS * 2 ** attempt) + Math.floor(Math.random() * 25));
    }
  }

  // Asks a live node who owns the slots now; rediscovers from it when the owners differ from the map.
  async #refreshOnce(): Promise<void> {
    const answer = (await this.#askLiveMaster()) ?? (await this.#askRootNode());
    if (!answer || this.#stopped || !this.#differs(answer.shards)) return;
    try {
      await withTimeout(this.#cluster._slots.rediscover({ options: answer.seed }), this.#options.timeoutMs * 2);
      this.#rediscoveries++;
    } catch {
      // The seed stopped answering meanwhile: the next round asks another.
    }
  }

  async #askLiveMaster(): Promise<{ shards: readonly ShardLike[]; seed: object } | undefined> {
    for (const master of this.#cluster.masters) {
      const client = master.client;
      if (!client?.isReady) continue;
      try {
        const shards = await withTimeout(client.clusterSlots(), this.#options.timeoutMs);
        const [host, port] = splitAddress(master.address);
        return { shards, seed: { socket: { host, port } } };
      } catch {
        // paused, or failed meanwhile: ask the next one
      }
    }
    return undefined;
  }

  // No master of the map answers (they all failed over, say): the seeds the cluster was made with.
  async #askRootNode(): Promise<{ shards: readonly ShardLike[]; seed: object } | undefined> {
    for (const root of this.#cluster._options?.rootNodes ?? []) {
      const client = createClient({
        ...root,
        socket: { ...(root as { socket?: object }).socket, connectTimeout: this.#options.timeoutMs, reconnectStrategy: false },
      });
      client.on("error", () => {});
      try {
        await withTimeout(client.connect(), this.#options.timeoutMs);
        return { shards: await withTimeout(client.clusterSlots() as Promise<readonly ShardLike[]>, this.#options.timeoutMs), seed: root };
      } catch {
        // down too: the next seed
      } finally {
        if (client.isOpen) client.destroy();
      }
    }
    return undefined;
  }

  #differs(shards: readonly ShardLike[]): boolean {
    for (const { from, to, master } of shards) {
      const address = `${master.host}:${master.port}`;
      if (this.#cluster.slots[from]?.master.address !== address || this.#cluster.slots[to]?.master.address !== address) return true;
    }
    return false;
  }

  // Every slot has a master, and every master's connection (where one was opened) is ready.
  #healthy(): boolean {
    for (const master of this.#cluster.masters) if (master.client && !master.client.isReady) return false;
    const { slots } = this.#cluster;
    for (let slot = 0; slot < SLOTS; slot++) if (slots[slot] === undefined) return false;
    return true;
  }

  #hookClients(): void {
    const { masters, replicas, pubSubNode } = this.#cluster;
    for (const node of [...masters, ...replicas]) {
      if (node.client) this.#hook(node.client, node.address);
      if (node.pubSub) this.#hook(node.pubSub.client, node.address);
    }
    if (pubSubNode) this.#hook(pubSubNode.client, pubSubNode.address);
  }

  #hook(client: NodeClientLike, address: string): void {
    if (this.#hooked.has(client)) return;
    this.#hooked.add(client);
    client.on("ready", () => {
      if (this.#options.connected() && !this.#stopped) this.#options.onNodeReady(address);
    });
  }
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(":");
  return [address.slice(0, at), Number(address.slice(at + 1))];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

// The question is abandoned, not cancelled: a paused node answers it late, to nobody.
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms}ms`)), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
