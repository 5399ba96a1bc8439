/**
 * What bounding every Redis call in time costs: a raw GET, node-redis's per-command `timeout` option
 * (an AbortSignal.timeout per command), and borrowcache's `RedisCalls` (one shared deadline list and
 * timer, plus the circuit breaker), sequential and with 64 in flight.
 *
 *   node --import tsx bench/redis/timeout-cost.ts [rounds]
 */
import { createClient } from "@redis/client";
import { RedisCalls } from "../../src/runtime/redis/redis-calls.js";
import { CircuitBreaker } from "../../src/runtime/faults/circuit-breaker.js";
import { runGroup, table } from "./harness.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const rounds = Number(process.argv[2] ?? 5);
const key = `borrowcache-test:bench-timeout-${process.pid}::k`;
const client = createClient({ url, disableOfflineQueue: true });
client.on("error", () => {});
await client.connect();
await client.set(key, "x".repeat(1000));
const withTimeout = client.withCommandOptions({ timeout: 1000 });
const calls = new RedisCalls({ timeoutMs: 1000, breaker: new CircuitBreaker() });
const site = { layer: "bench" };
const identity = (reply: string | null) => reply;

for (const concurrency of [1, 64]) {
  const result = await runGroup(
    `bounded GET, ${concurrency === 1 ? "sequential" : "64 in flight"}`,
    [
      { name: "**baseline** GET, unbounded", run: () => client.get(key), concurrency },
      { name: "GET with node-redis `timeout: 1000` per command", run: () => withTimeout.get(key), concurrency },
      { name: "GET through RedisCalls (shared deadline list + breaker)", run: () => calls.run(site, "get", key, () => client.get(key), identity), concurrency },
    ],
    { rounds },
  );
  console.log(`\n${table(result)}`);
}
await client.del(key);
client.destroy();
