/**
 * A private Redis Cluster with replicas for tests that kill a master: 3 masters and 3 replicas on free
 * loopback ports (client and cluster-bus ports both chosen here, so nothing depends on port + 10000),
 * `--cluster-node-timeout 1000`, each node controlled and stopped by its PID, in a directory of its
 * own. About 6 s from the first spawn to every node reporting `cluster_state:ok` with its replica
 * in sync.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@redis/client";
import { freePort, pings } from "./redis-server.js";

/** One node as `CLUSTER NODES` describes it. */
export interface ClusterNodeView {
  readonly id: string;
  /** `127.0.0.1:port` */
  readonly address: string;
  readonly port: number;
  readonly flags: readonly string[];
  /** The master's id, for a replica. */
  readonly masterId: string | undefined;
  /** Slot ranges `[from, to]` it serves (masters only). */
  readonly slots: readonly (readonly [number, number])[];
}

/** A running private cluster. */
export interface PrivateCluster {
  /** `127.0.0.1:port` of every node, masters first as created: what `redisStore({ cluster })` takes. */
  readonly seeds: readonly string[];
  /** The PID of the node on `port`, while it runs. */
  pid(port: number): number | undefined;
  /** SIGKILL of the node on `port`; resolves once the process is gone. */
  kill(port: number): Promise<void>;
  /** Starts the node on `port` again (same config file: it rejoins, as a replica if it was failed over). */
  restart(port: number): Promise<void>;
  /** The cluster as one live node sees it (`CLUSTER NODES`). */
  nodes(via?: number): Promise<ClusterNodeView[]>;
  /** The port of the master serving `slot` now, as a live node sees it. */
  masterOf(slot: number, via?: number): Promise<number | undefined>;
  /** Waits until a replica of the (killed) master `old` serves its slots, as a live node sees it; resolves with its port. */
  promotedFrom(old: ClusterNodeView, withinMs?: number): Promise<number>;
  /** Restarts every killed node and waits until the cluster is ok and every master has a replica in sync. */
  heal(): Promise<void>;
  /** Stops every node (SIGKILL) and removes the directory. */
  stop(): Promise<void>;
}

/** Options of `startRedisCluster`. */
export interface ClusterOptions {
  /** @default 3 */
  readonly masters?: number;
  /** `--cluster-node-timeout`. @default 1000 */
  readonly nodeTimeoutMs?: number;
  /** `--cluster-require-full-coverage`: `no` keeps the healthy masters' slots served while one is failed. @default false */
  readonly requireFullCoverage?: boolean;
}

/**
 * Starts masters + one replica each, creates the cluster, and waits until it is ok and in sync.
 *
 * @example
 * const cluster = await startRedisCluster();
 * try { const store = redisStore({ cluster: cluster.seeds }); … } finally { await cluster.stop() }
 */
export async function startRedisCluster(options: ClusterOptions = {}): Promise<PrivateCluster> {
  const masters = options.masters ?? 3;
  const dir = await mkdtemp(join(tmpdir(), "borrowcache-cluster-"));
  const nodes = new Map<number, { bus: number; child: ChildProcess | undefined }>();
  const launch = (port: number) => {
    const node = nodes.get(port)!;
    const args = [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--cluster-enabled",
      "yes",
      "--cluster-config-file",
      join(dir, `nodes-${port}.conf`),
      "--cluster-port",
      String(node.bus),
      "--cluster-node-timeout",
      String(options.nodeTimeoutMs ?? 1000),
      "--cluster-require-full-coverage",
      options.requireFullCoverage ? "yes" : "no",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      "--dbfilename",
      `dump-${port}.rdb`,
      "--daemonize",
      "no",
      "--logfile",
      join(dir, `${port}.log`),
    ];
    const child = spawn("redis-server", args, { stdio: "ignore" });
    child.on("error", () => {});
    node.child = child;
    return child;
  };
  const stop = async () => {
    await Promise.all([...nodes.values()].map((node) => stopChild(node.child)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const used = new Set<number>();
    const pick = async () => {
      for (;;) {
        const port = await freePort();
        if (!used.has(port)) {
          used.add(port);
          return port;
        }
      }
    };
    for (let i = 0; i < masters * 2; i++) nodes.set(await pick(), { bus: await pick(), child: undefined });
    for (const port of nodes.keys()) launch(port);
    for (const port of nodes.keys()) await waitUntil(() => pings(port), 10_000, `redis-server on ${port} did not answer`);
    const addresses = [...nodes.keys()].map((port) => `127.0.0.1:${port}`);
    const created = spawnSync("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "1", "--cluster-yes"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}\n${created.stderr}`);
    const cluster = makeHandle(nodes, launch, stop, masters);
    await cluster.heal();
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}

function makeHandle(
  nodes: Map<number, { bus: number; child: ChildProcess | undefined }>,
  launch: (port: number) => ChildProcess,
  stop: () => Promise<void>,
  masters: number,
): PrivateCluster {
  const ports = [...nodes.keys()];
  const live = () =>
    ports.find((port) => {
      const child = nodes.get(port)?.child;
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    });
  const cluster: PrivateCluster = {
    seeds: ports.map((port) => `127.0.0.1:${port}`),
    pid(port) {
      const child = nodes.get(port)?.child;
      return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    async kill(port) {
      await stopChild(nodes.get(port)?.child);
    },
    async restart(port) {
      launch(port);
      await waitUntil(() => pings(port), 10_000, `redis-server on ${port} did not answer after its restart`);
    },
    async nodes(via) {
      const text = String(await command(via ?? live() ?? ports[0]!, ["CLUSTER", "NODES"]));
      return text.trim().split("\n").map(parseNodeLine);
    },
    async masterOf(slot, via) {
      const view = await cluster.nodes(via);
      return view.find((node) => node.slots.some(([from, to]) => slot >= from && slot <= to))?.port;
    },
    async promotedFrom(old, withinMs = 10_000) {
      let heir: number | undefined;
      const [from] = old.slots[0]!;
      await waitUntil(
        async () => {
          const view = await cluster.nodes().catch(() => [] as ClusterNodeView[]);
          heir = view.find((node) => node.id !== old.id && node.flags.includes("master") && node.slots.some(([a, b]) => from >= a && from <= b))?.port;
          return heir !== undefined;
        },
        withinMs,
        `no replica of ${old.address} was promoted within ${withinMs}ms`,
      );
      return heir!;
    },
    async heal() {
      for (const port of ports) if (cluster.pid(port) === undefined) await cluster.restart(port);
      await waitUntil(
        async () => {
          for (const port of ports) {
            const info = await command(port, ["CLUSTER", "INFO"]).catch(() => "");
            if (!String(info).includes("cluster_state:ok")) return false;
          }
          const view = await cluster.nodes();
          if (view.some((node) => node.flags.includes("fail") || node.flags.includes("fail?"))) return false;
          const replicas = view.filter((node) => node.flags.includes("slave"));
          if (replicas.length !== masters) return false;
          for (const replica of replicas) {
            const info = String(await command(replica.port, ["INFO", "replication"]).catch(() => ""));
            if (!info.includes("master_link_status:up")) return false;
          }
          return true;
        },
        30_000,
        "the cluster did not reach cluster_state:ok with every replica in sync",
      );
    },
    stop,
  };
  return cluster;
}

function parseNodeLine(line: string): ClusterNodeView {
  const [id, address, flags, master, , , , , ...slots] = line.split(" ");
  const port = Number(address!.split("@")[0]!.split(":")[1]);
  return {
    id: id!,
    address: `127.0.0.1:${port}`,
    port,
    flags: flags!.split(","),
    masterId: master === "-" ? undefined : master,
    slots: slots
      .filter((range) => !range.startsWith("["))
      .map((range) => {
        const [from, to] = range.split("-").map(Number);
        return [from!, to ?? from!] as const;
      }),
  };
}

/** One command on one node, through a short-lived client (more than one: sent in order, the last one's reply). */
export async function command(port: number, args: string[], ...more: string[][]): Promise<unknown> {
  const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { connectTimeout: 500, reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  try {
    let reply = await client.sendCommand(args);
    for (const next of more) reply = await client.sendCommand(next);
    return reply;
  } finally {
    client.destroy();
  }
}

async function waitUntil(predicate: () => boolean | Promise<boolean>, withinMs: number, message: string): Promise<void> {
  const until = Date.now() + withinMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}
