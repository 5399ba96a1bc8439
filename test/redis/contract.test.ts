// The store contract (borrowcache/test-suite's storeContract) on real Redis: redisStore, tieredStore over it, and
// redisStore on a Redis Cluster when REDIS_CLUSTER_NODES is set (CI always sets it).
import { after, it } from "node:test";
import { storeContract } from "../../src/test-suite/index.js";
import { redisStore, tieredStore, memoryStore } from "../../src/index.node.js";
import { freePort } from "../helpers/redis-server.js";
import { CLUSTER_NODES, CLUSTER_SKIP, deleteNamespace, REDIS_URL, testNamespace } from "./support.js";

const namespace = testNamespace("contract:");
after(() => deleteNamespace(namespace));

// Nothing listens on a port that was free a moment ago: every call fails, none may hang.
const deadPort = await freePort();
const deadUrl = `redis://127.0.0.1:${deadPort}`;

storeContract("redisStore", () => redisStore(REDIS_URL, { namespace }), {
  makeFailingStore: () => redisStore(deadUrl, { namespace, timeoutMs: 200 }),
  failWithinMs: 2000,
  leases: true,
});

storeContract("tieredStore(memoryStore, redisStore)", () => tieredStore(memoryStore({ maxSize: "8MB" }), redisStore(REDIS_URL, { namespace })), {
  // With the default `sharedReadErrors: "miss"` a failed Redis read answers as a miss (the layer then
  // loads from its source); the contract's "every call rejects" holds with "throw".
  makeFailingStore: () => tieredStore(memoryStore(), redisStore(deadUrl, { namespace, timeoutMs: 200 }), { sharedReadErrors: "throw" }),
  failWithinMs: 2000,
  leases: true,
});

if (CLUSTER_NODES && CLUSTER_NODES.length > 0) {
  const clusterNamespace = testNamespace("contract-cluster:");
  const stores: ReturnType<typeof redisStore>[] = [];
  storeContract(
    "redisStore on a Redis Cluster",
    () => {
      const store = redisStore({ cluster: CLUSTER_NODES }, { namespace: clusterNamespace });
      stores.push(store);
      return store;
    },
    {
      // A cluster whose only node listens nowhere: its first connect fails, then every call does.
      makeFailingStore: () => redisStore({ cluster: [`127.0.0.1:${deadPort}`] }, { namespace: clusterNamespace, timeoutMs: 200 }),
      failWithinMs: 2000,
      leases: true,
    },
  );
  after(async () => {
    // Clear what the suite left, through the store itself (SCAN on every master).
    const cleaner = redisStore({ cluster: CLUSTER_NODES }, { namespace: clusterNamespace });
    try {
      await cleaner.ready;
      for (const node of await cleaner.connection.masters()) {
        let cursor = "0";
        do {
          const page = await node.scan(cursor, { MATCH: `${clusterNamespace}::*`, COUNT: 1000 });
          cursor = String(page.cursor);
          await Promise.all(page.keys.map((key) => node.unlink(key)));
        } while (cursor !== "0");
      }
    } finally {
      await cleaner.close();
    }
  });
} else {
  it("store contract: redisStore on a Redis Cluster", { skip: CLUSTER_SKIP }, () => {});
}
