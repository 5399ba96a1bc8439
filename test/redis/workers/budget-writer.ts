// Worker: COUNT writes of distinct keys `<LABEL>:<i>` (16 in flight) into cache CACHE with a byte budget
// of MAX_SIZE, through its own redisStore (REDIS_URL, or the cluster of REDIS_CLUSTER_NODES when
// CLUSTER=1); reports every key the store told it was evicted.
import { onParentMessage, tellParent } from "../../helpers/processes.js";
import { redisStore } from "../../../src/runtime/redis/redis-store.js";

const count = Number(process.env.COUNT ?? 100);
const label = process.env.LABEL ?? `p${process.pid}`;
const target =
  process.env.CLUSTER === "1" ? { cluster: (process.env.REDIS_CLUSTER_NODES ?? "").split(",") } : (process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const store = redisStore(target, { namespace: process.env.NAMESPACE ?? "borrowcache-test:budget", layer: "server" });
const evicted: string[] = [];
const partition = store.partition(process.env.CACHE ?? "budgeted", {
  maxSize: Number(process.env.MAX_SIZE),
  onEvict: (key, _entry, reason) => evicted.push(`${key}:${reason}`),
});
await store.ready;

tellParent({ ready: true, pid: process.pid });
onParentMessage(async (message) => {
  if (message.go !== true) return;
  let next = 0;
  let failed = 0;
  const writer = async () => {
    while (next < count) {
      const i = next++;
      await Promise.resolve(partition.set(`${label}:${i}`, { value: "x".repeat(200), storedAt: Date.now() })).catch(() => failed++);
    }
  };
  await Promise.all(Array.from({ length: 16 }, writer));
  tellParent({ done: true, failed, evicted });
  await store.close();
  process.exit(0);
});
