// The invalidation delay (write acknowledged by the writer's store → the owner of each target dropped
// it, as the writer learns it; docs/observability.md) of a server write of `user:n`, whose manifest
// entry invalidates `profile:n` at the edge:
//   1. edge in this process, reached in process (the route object)
//   2. edge in this process, behind loopback HTTP (serveLayer + remoteLayer)
//   3. edge in two other processes on Redis (tiered store + Redis bus): the server's write reaches the
//      served one over HTTP (the metric), and the other process forgets its memory-tier copy when the
//      bus tells it — timed on the machine's monotonic clock from the server's `set` event (the ack).
// Run: node --import tsx bench/observe/invalidation-delay.ts [writes]
import { createLayer, memoryStore, remoteLayer, serveLayer, watchLayers, type DelayFigures } from "../../src/index.node.js";
import { serveNode } from "../../src/node/index.js";
import { spawnWorker } from "../../test/helpers/processes.js";
import { preciseNow } from "../../test/redis/workers/layer-setup.js";
import { deleteNamespace, testNamespace } from "../../test/redis/support.js";
import { delayApp } from "../../test/observe/workers/delay-app.js";

const writes = Number(process.argv[2] ?? 200);
const line = (label: string, figures: DelayFigures | undefined) =>
  console.log(
    `${label.padEnd(62)} ${figures ? `p50 ${figures.p50.toFixed(2)} ms  p95 ${figures.p95.toFixed(2)} ms  max ${figures.max.toFixed(2)} ms  (${figures.count})` : "—"}`,
  );

async function sameProcess(behindHttp: boolean): Promise<DelayFigures | undefined> {
  const edge = createLayer(delayApp, "edge", { store: memoryStore() });
  const served = behindHttp ? await serveNode(serveLayer(edge, { expose: ["profile"] })) : undefined;
  const route = served ? remoteLayer(served.url, { layer: "edge" }) : undefined;
  const server = createLayer(delayApp, "server", { remotes: { edge: route ?? edge } });
  for (let n = 0; n < 20; n++) await server.own("user_data").set(`user:warm${n}`, {}); // connections, JIT
  const watch = watchLayers([server]);
  for (let n = 0; n < writes; n++) {
    await edge.own("profile").set(`profile:${n}`, { n });
    await server.own("user_data").set(`user:${n}`, { n });
  }
  const figures = watch.snapshot().delays["profile"];
  watch.stop();
  route?.close();
  await served?.close();
  await server.close();
  await edge.close();
  return figures;
}

async function acrossProcesses(): Promise<{ metric: DelayFigures | undefined; bus: DelayFigures }> {
  const namespace = testNamespace("observe-delay-");
  const servedEdge = spawnWorker("test/observe/workers/edge-worker.ts", { NAMESPACE: namespace, ROLE: "served" });
  const reader = spawnWorker("test/observe/workers/edge-worker.ts", { NAMESPACE: namespace, ROLE: "reader" });
  try {
    const ready = await servedEdge.next((m) => m.ready === true, 30_000);
    await reader.next((m) => m.ready === true, 30_000);
    const route = remoteLayer(String(ready.url), { layer: "edge" });
    const server = createLayer(delayApp, "server", { remotes: { edge: route } });
    const ackedAt = new Map<string, number>();
    server.on("set", ({ key }) => ackedAt.set(key.replace("user:", "profile:"), preciseNow()));
    for (let n = 0; n < 20; n++) await server.own("user_data").set(`user:warm${n}`, {});
    const watch = watchLayers([server]);
    const busDelays: number[] = [];
    for (let n = 0; n < writes; n++) {
      const key = `profile:${n}`;
      reader.send({ read: key });
      await reader.next((m) => m.filled === key, 10_000);
      await server.own("user_data").set(`user:${n}`, { n });
      const forgot = await reader.next((m) => m.forgot === key, 10_000);
      busDelays.push((forgot.at as number) - ackedAt.get(key)!);
    }
    const metric = watch.snapshot().delays["profile"];
    watch.stop();
    route.close();
    await server.close();
    const sorted = busDelays.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { metric, bus: { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! } };
  } finally {
    servedEdge.send({ stop: true });
    reader.send({ stop: true });
    await Promise.race([Promise.all([servedEdge.exited, reader.exited]), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    servedEdge.kill();
    reader.kill();
    await deleteNamespace(namespace);
  }
}

console.log(`invalidation delay of a server write whose target the edge owns — ${writes} writes, Node ${process.version}\n`);
line("edge in this process, in-process route", await sameProcess(false));
line("edge in this process, behind loopback HTTP", await sameProcess(true));
const across = await acrossProcesses();
line("edge in another process (Redis-backed), behind loopback HTTP", across.metric);
line("  → the edge's other process forgets its copy (Redis bus)", across.bus);
