/**
 * Opens the node-redis connection a Redis store or bus uses: one client (or cluster client) from a
 * URL, a list of cluster nodes, or a client the caller made. The clients we make fail fast: no offline
 * queue (a call while Redis is away fails at once instead of waiting for a reconnect) and quick
 * reconnects, so a store is usable again well within a second of Redis returning. On a cluster the
 * connection also follows failovers and reports each node's reconnect (`redis-cluster-topology.ts`).
 */
import { createClient, createCluster, RESP_TYPES } from "@redis/client";
import { ANY_NODE } from "./redis-breakers.js";
import { ClusterTopology, type ClusterClientLike, type NodeClientLike } from "./redis-cluster-topology.js";

/** The commands borrowcache sends, typed for text replies. Both a client and a cluster client have them. */
export interface RedisCommander {
  get(key: string): Promise<string | null>;
  mGet(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string | Uint8Array, options?: RedisSetOptions): Promise<string | null>;
  del(keys: string | string[]): Promise<number>;
  unlink(keys: string | string[]): Promise<number>;
  incr(key: string): Promise<number>;
  eval(script: string, options: { keys: string[]; arguments: (string | Buffer)[] }): Promise<unknown>;
  evalSha(sha: string, options: { keys: string[]; arguments: (string | Buffer)[] }): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
  scan(cursor: string, options: { MATCH?: string; COUNT?: number }): Promise<{ cursor: string; keys: string[] }>;
  publish(channel: string, message: string): Promise<number>;
}

/** The same commands with bulk replies as `Buffer`s, for binary (streaming) partitions. */
export interface RedisBinaryCommander {
  get(key: string): Promise<Buffer | null>;
  mGet(keys: string[]): Promise<(Buffer | null)[]>;
  set(key: string, value: string | Uint8Array, options?: RedisSetOptions): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: (string | Buffer)[] }): Promise<unknown>;
  evalSha(sha: string, options: { keys: string[]; arguments: (string | Buffer)[] }): Promise<unknown>;
}

/** `SET` options we use. */
export interface RedisSetOptions {
  readonly expiration?: { readonly type: "PX"; readonly value: number };
  readonly condition?: "NX" | "XX";
}

/** Something that owns a node-redis client: `@keyv/redis`'s `KeyvRedis` has `.client`. */
export interface HasRedisClient {
  readonly client: object;
}

/**
 * Where a Redis store connects: a URL, `{ url }`, `{ cluster: ["127.0.0.1:6390", …] }`, a node-redis
 * client or cluster client (from `@keyv/redis`'s `createClient` / `createCluster`), or a `KeyvRedis`.
 * A client you pass is used as it is (its own offline queue and reconnect settings) and is not closed
 * by the store.
 */
export type RedisTarget = string | { readonly url: string } | { readonly cluster: readonly string[] } | HasRedisClient | object;

/** One master node's own client (for SCAN), with its address (`*` on a single Redis). */
export interface RedisNode {
  readonly address: string;
  readonly client: RedisCommander;
}

/** An open connection. */
export interface RedisConnection {
  readonly client: RedisCommander;
  readonly binary: RedisBinaryCommander;
  readonly isCluster: boolean;
  /** True until the first connect has finished: calls made meanwhile wait for it instead of failing. */
  readonly connecting: boolean;
  /** Resolves when the first connect has finished (never rejects). */
  readonly ready: Promise<void>;
  /** The clients of every master node (one for a single Redis), for SCAN. */
  masters(): Promise<RedisCommander[]>;
  /** `masters()` with each node's address (`*` on a single Redis), for its circuit breaker. */
  masterNodes(): Promise<RedisNode[]>;
  /**
   * Calls `listener` each time the connection (re)connects and is ready: on a single Redis at each
   * `ready`; on a cluster once when the first connect is over (no `node`), then each time a node's
   * connection becomes ready again or a node joins the map (a promoted replica), with its address.
   */
  onReady(listener: (node?: string) => void): void;
  /** Calls `listener` each time the connection (on a cluster: a node's connection) is lost or fails. */
  onError(listener: (error: unknown, node?: string) => void): void;
  /** The address of the master serving `redisKey` now (a cluster), for its circuit breaker. */
  masterOf(redisKey: string): string | undefined;
  /** A call found its node away (or the cluster reconfiguring): on a cluster, refresh the slot map. */
  refresh(): void;
  /** How many times a cluster's slot map was rediscovered after a node failure (0 on a single Redis). */
  readonly rediscoveries: number;
  /**
   * PUBLISH on `channel`. On a cluster, through one master whose connection is ready (any node
   * forwards a message to every subscriber of the cluster), moving to another when it fails.
   */
  publish(channel: string, message: string): Promise<number>;
  /** A second connection to the same Redis with the same settings (for pub/sub). */
  duplicate(): RedisConnection;
  close(): Promise<void>;
}

/** Options of `connectRedis`. */
export interface ConnectOptions {
  /** Bounds the TCP connect, like every call. */
  readonly timeoutMs: number;
}

// Reconnect soon: 20, 40, 80… ms, at most 250 ms apart, with jitter so processes do not reconnect in step.
function reconnectStrategy(retries: number): number {
  return Math.min(20 * 2 ** retries, 250) + Math.floor(Math.random() * 25);
}

interface NodeRedisLike {
  isOpen: boolean;
  isReady?: boolean;
  connect(): Promise<unknown>;
  destroy(): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- node-redis types each event's listener differently; any[] lets one structural type accept them all
  on(event: string, listener: (...args: any[]) => void): unknown;
  withTypeMapping(mapping: object): unknown;
  duplicate(overrides?: object): unknown;
  masters?: unknown[];
  nodeClient?(node: unknown): unknown; // a client, or a promise of one
  slots?: unknown;
  publish(channel: string, message: string): Promise<number>;
}

/** How long a master whose publish failed is passed over for the next ones. */
const PUBLISH_AVOID_MS = 1000;

/**
 * Connects to Redis (see `RedisTarget`). Starts connecting at once; the connection reconnects by itself.
 *
 * @example
 * const connection = connectRedis("redis://127.0.0.1:6379", { timeoutMs: 1000 });
 * await connection.ready;
 */
export function connectRedis(target: RedisTarget, options: ConnectOptions): RedisConnection {
  const { client, owned, isCluster } = makeClient(target, options);
  return wrap(client, owned, isCluster, options);
}

function makeClient(target: RedisTarget, options: ConnectOptions): { client: NodeRedisLike; owned: boolean; isCluster: boolean } {
  const socket = { reconnectStrategy, connectTimeout: Math.max(options.timeoutMs, 500) };
  if (
    typeof target === "string" ||
    (typeof target === "object" && target !== null && "url" in target && typeof target.url === "string" && !("connect" in target))
  ) {
    const url = typeof target === "string" ? target : (target as { url: string }).url;
    return { client: createClient({ url, disableOfflineQueue: true, socket }), owned: true, isCluster: false };
  }
  if (typeof target === "object" && target !== null && "cluster" in target && Array.isArray(target.cluster)) {
    const rootNodes = target.cluster.map((node: string) => ({ url: node.includes("://") ? node : `redis://${node}` }));
    const cluster = createCluster({ rootNodes, defaults: { disableOfflineQueue: true, socket } });
    return { client: cluster, owned: true, isCluster: true };
  }
  if (typeof target === "object" && target !== null && "client" in target && typeof (target as HasRedisClient).client === "object") {
    return makeClient((target as HasRedisClient).client, options);
  }
  if (typeof target === "object" && target !== null && typeof (target as NodeRedisLike).connect === "function") {
    const client = target as NodeRedisLike;
    return { client, owned: false, isCluster: client.slots !== undefined };
  }
  throw new TypeError(`✗ redisStore needs a URL, { cluster: [...] } or a node-redis client — got ${typeof target}`);
}

function wrap(client: NodeRedisLike, owned: boolean, isCluster: boolean, options: ConnectOptions): RedisConnection {
  const readyListeners: Array<(node?: string) => void> = [];
  const errorListeners: Array<(error: unknown, node?: string) => void> = [];
  const emitReady = (node?: string) => {
    for (const listener of readyListeners) listener(node);
  };
  // Without an error listener an EventEmitter throws, and a lost Redis would crash the process.
  client.on("error", (error: unknown) => {
    for (const listener of errorListeners) listener(error);
  });
  let connecting = !client.isOpen;
  let topology: ClusterTopology | undefined;
  if (isCluster) {
    topology = new ClusterTopology(client as unknown as ClusterClientLike, {
      timeoutMs: options.timeoutMs,
      onNodeReady: emitReady,
      connected: () => !connecting,
    });
    client.on("node-error", (error: unknown, node?: { host?: string; port?: number }) => {
      const address = node?.host === undefined ? undefined : `${node.host}:${node.port}`;
      for (const listener of errorListeners) listener(error, address);
    });
  } else {
    client.on("ready", () => emitReady());
  }
  const ready: Promise<void> =
    connecting ?
      client.connect().then(
        () => {
          connecting = false;
          if (isCluster) emitReady();
        },
        () => {
          connecting = false;
        },
      )
    : Promise.resolve();
  const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }) as RedisBinaryCommander;
  const cluster = client as unknown as ClusterClientLike & NodeRedisLike;
  // The master a cluster's publishes go through while it answers, and those passed over after failing.
  let publishVia: string | undefined;
  const avoid = new Map<string, number>();
  const publishNode = () => {
    const now = Date.now();
    const usable = (node: { address: string; client?: NodeClientLike | undefined }) => node.client?.isReady === true && !((avoid.get(node.address) ?? 0) > now);
    return cluster.masters.find((node) => node.address === publishVia && usable(node)) ?? cluster.masters.find(usable);
  };
  return {
    client: client as unknown as RedisCommander,
    binary,
    isCluster,
    get connecting() {
      return connecting;
    },
    ready,
    async masters() {
      return (await this.masterNodes()).map((node) => node.client);
    },
    async masterNodes() {
      if (!isCluster) return [{ address: ANY_NODE, client: client as unknown as RedisCommander }];
      const nodes = (client.masters ?? []) as Array<{ address: string }>;
      return Promise.all(nodes.map(async (node) => ({ address: node.address, client: (await client.nodeClient?.(node)) as RedisCommander })));
    },
    onReady(listener) {
      readyListeners.push(listener);
    },
    onError(listener) {
      errorListeners.push(listener);
    },
    masterOf(redisKey) {
      return topology?.masterOf(redisKey);
    },
    refresh() {
      topology?.refresh();
    },
    get rediscoveries() {
      return topology?.rediscoveries ?? 0;
    },
    publish(channel, message) {
      if (!isCluster) return client.publish(channel, message);
      const node = publishNode();
      if (!node) return client.publish(channel, message); // no master ready: node-redis picks one, and fails as it must
      publishVia = node.address;
      return (node.client as unknown as RedisCommander).publish(channel, message).catch((error: unknown) => {
        avoid.set(node.address, Date.now() + PUBLISH_AVOID_MS);
        if (publishVia === node.address) publishVia = undefined;
        throw error;
      });
    },
    duplicate() {
      return wrap(client.duplicate() as NodeRedisLike, true, isCluster, options);
    },
    async close() {
      topology?.stop();
      // destroy, not close: close waits for replies, which never come while Redis is stopped.
      if (owned && client.isOpen) client.destroy();
    },
  };
}
