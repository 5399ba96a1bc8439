/**
 * Prints the bus backlog figures.
 *
 * 1. After a publisher reconnect, under steady writes: a writer process (a layer on tieredStore +
 *    redisBus) writes new keys from 16 loops on a private redis-server; 1.5 s in, CLIENT KILL drops
 *    the publisher connections; this process listens as another process's layer would. The writer's
 *    backlog over time, what it dropped, and how late (or whether) each acknowledged write was heard.
 * 2. A backlog of 9,000 messages (and 9,000 repeats of them) published while Redis is down: how long
 *    the publishes took, and how long the backlog took to drain once Redis was back.
 *
 *   node --import tsx bench/redis/bus-backlog.ts [runs]
 */
import { redisBus } from "../../src/runtime/redis/redis-bus.js";
import { startRedisServer } from "../../test/helpers/redis-server.js";
import { formatBacklog, runBusBacklogScenario } from "../../test/redis/bus-backlog-scenario.js";
import { testNamespace } from "../../test/redis/support.js";

const runs = Number(process.argv[2] ?? 1);
for (let run = 1; run <= runs; run++) {
  if (runs > 1) console.log(`── run ${run} of ${runs}`);
  console.log(formatBacklog(await runBusBacklogScenario()));
}

console.log("── a backlog built while Redis is down, drained when it returns");
for (let run = 1; run <= runs; run++) console.log(await drainWhenBack(9000));

async function drainWhenBack(count: number): Promise<string> {
  const redis = await startRedisServer();
  const bus = redisBus(redis.url, { namespace: testNamespace("bus-drain:"), timeoutMs: 200 });
  try {
    await bus.publish({ origin: "p", layer: "server", cache: "notes", target: "note:warm", isPattern: false });
    await redis.kill();
    let started = performance.now();
    for (let i = 0; i < count; i++) await bus.publish({ origin: "p", layer: "server", cache: "notes", target: `note:${i}`, isPattern: false });
    for (let i = 0; i < count; i++) await bus.publish({ origin: "p", layer: "server", cache: "notes", target: `note:${i}`, isPattern: false });
    const publishMs = performance.now() - started;
    const queued = bus.queued;
    await redis.restart();
    started = performance.now();
    while (bus.queued > 0 && performance.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 2));
    const drainMs = performance.now() - started;
    return `${2 * count} publishes (${count} distinct) while Redis was down took ${publishMs.toFixed(0)} ms and left ${queued} queued; drained ${drainMs.toFixed(0)} ms after the restarted server answered PING (${bus.queued} left)`;
  } finally {
    await bus.close();
    await redis.stop();
  }
}
