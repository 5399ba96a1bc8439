/**
 * Prints the failover timeline of a Redis Cluster master SIGKILLed under load: a server layer on
 * redisStore({ cluster }) over a private cluster of 3 masters + 3 replicas (cluster-node-timeout
 * 1000, cluster-require-full-coverage no), 8 write loops and 4 increment loops; kill → FAIL flag →
 * promotion → first successful write to the killed master's slots, the errors callers saw by type,
 * and what was lost. The killed master never returns.
 *
 *   node --import tsx bench/redis/cluster-failover.ts [runs] [--full-coverage]
 *
 * `--full-coverage` runs the cluster with Redis's default `cluster-require-full-coverage yes`: every
 * node then refuses every key (CLUSTERDOWN) from the FAIL flag until the promotion.
 */
import { formatFailover, runFailoverScenario } from "../../test/redis/cluster-failover-scenario.js";

const runs = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 1);
const requireFullCoverage = process.argv.includes("--full-coverage");
for (let run = 1; run <= runs; run++) {
  if (runs > 1) console.log(`── run ${run} of ${runs}`);
  console.log(formatFailover(await runFailoverScenario({ requireFullCoverage })));
}
