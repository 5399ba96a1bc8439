/**
 * Prints the bus backlog after a publisher reconnect: a writer process (a layer on tieredStore +
 * redisBus) writes new keys from 16 loops on a private redis-server; 1.5 s in, CLIENT KILL drops the
 * publisher connections; this process listens as another process's layer would. The writer's backlog
 * over time, what it dropped, and how late (or whether) each acknowledged write was heard.
 *
 *   node --import tsx bench/redis/bus-backlog.ts [runs]
 */
import { formatBacklog, runBusBacklogScenario } from "../../test/redis/bus-backlog-scenario.js";

const runs = Number(process.argv[2] ?? 1);
for (let run = 1; run <= runs; run++) {
  if (runs > 1) console.log(`── run ${run} of ${runs}`);
  console.log(formatBacklog(await runBusBacklogScenario()));
}
