/**
 * Shared set-up of the Redis tests: the shared Redis URL, a run-unique namespace under
 * `borrowcache-test:`, a raw client to look at keys, and a cleanup that deletes only that namespace.
 */
import { randomBytes } from "node:crypto";
import { createClient, createCluster } from "@redis/client";

/** The Redis the tests use (never cleared outside a test namespace). */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Cluster nodes from CI (`.ci/run` starts 127.0.0.1:6390–6392), or undefined when no cluster is up. */
export const CLUSTER_NODES = process.env.REDIS_CLUSTER_NODES?.split(",")
  .map((node) => node.trim())
  .filter(Boolean);

/** Why a test that needs `REDIS_CLUSTER_NODES` is skipped, and how to run it. */
export const CLUSTER_SKIP =
  "REDIS_CLUSTER_NODES is not set (CI sets it; locally `scripts/setup-test-env.sh --no-install -- npm test -- redis` starts the 3-master cluster on 127.0.0.1:6390-6392 and sets it — see docs/redis.md)";

/** A namespace no other run uses: `borrowcache-test:<random>`. */
export function testNamespace(label = ""): string {
  return `borrowcache-test:${label}${randomBytes(6).toString("hex")}`;
}

/** A raw node-redis client for looking at keys directly. */
export async function rawClient(url = REDIS_URL) {
  const client = createClient({ url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** Deletes every key under `namespace` (SCAN + UNLINK, never FLUSHDB), on one Redis. */
export async function deleteNamespace(namespace: string, url = REDIS_URL): Promise<void> {
  const client = await rawClient(url);
  try {
    const match = `${namespace.replace(/[*?[\]\\]/g, "\\$&")}*`;
    let cursor = "0";
    do {
      const page = await client.scan(cursor, { MATCH: match, COUNT: 1000 });
      cursor = String(page.cursor);
      if (page.keys.length > 0) await client.unlink(page.keys);
    } while (cursor !== "0");
  } finally {
    client.destroy();
  }
}

/** Deletes every key under `namespace` on each master of a Redis Cluster (SCAN + UNLINK per key: keys of one node sit in many slots). */
export async function deleteClusterNamespace(namespace: string, nodes: readonly string[]): Promise<void> {
  const cluster = createCluster({ rootNodes: nodes.map((node) => ({ url: node.includes("://") ? node : `redis://${node}` })) });
  cluster.on("error", () => {});
  await cluster.connect();
  try {
    const match = `${namespace.replace(/[*?[\]\\]/g, "\\$&")}*`;
    for (const master of cluster.masters) {
      const client = await cluster.nodeClient(master);
      let cursor = "0";
      do {
        const page = await client.scan(cursor, { MATCH: match, COUNT: 1000 });
        cursor = String(page.cursor);
        await Promise.all(page.keys.map((key) => client.unlink(key)));
      } while (cursor !== "0");
    }
  } finally {
    cluster.destroy();
  }
}

/** Waits for `predicate` to hold, checking every `everyMs`, failing after `withinMs`. */
export async function eventually(predicate: () => boolean | Promise<boolean>, withinMs = 5000, everyMs = 5): Promise<void> {
  const until = Date.now() + withinMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > until) throw new Error(`condition not met within ${withinMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Stalls this process's event loop for `ms` right after `store`'s next call has been written to its
 * socket — before its answer can be read, as a GC pause or a slow synchronous task would. Call it just
 * before starting the operation (or inside it, before the call is made): it notes the store's call
 * count, waits for the next call, then for node-redis's write (a `setImmediate`), then busy-waits.
 */
export async function stallAfterNextCall(store: { readonly attempts: number }, ms: number): Promise<void> {
  const before = store.attempts;
  for (let turn = 0; store.attempts === before; turn++) {
    if (turn > 100_000) throw new Error("stallAfterNextCall: the store made no call");
    await Promise.resolve();
  }
  await new Promise((resolve) => setImmediate(resolve));
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: nothing else runs in this process
  }
}
