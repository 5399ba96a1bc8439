/**
 * Prints the Redis outage timeline: a server layer on tieredStore(memoryStore, redisStore) while a
 * private redis-server is paused, resumed, killed and restarted; what each call returned and when.
 *
 *   node --import tsx bench/redis/outage-timeline.ts [timeoutMs]
 */
import { formatTimeline, runOutageScenario } from "../../test/redis/outage-scenario.js";

const timeoutMs = Number(process.argv[2] ?? 200);
console.log(formatTimeline(await runOutageScenario({ timeoutMs })));
