// The invalidation delay across processes on Redis: the edge layer runs in two other processes on one
// Redis namespace (tiered store + Redis bus), one of them served over loopback HTTP. Each server write
// of `user:n` is measured by the server (watchLayers: acknowledged → the served edge dropped
// `profile:n` and answered), and the edge's other process forgets its memory-tier copy through the bus.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createLayer, remoteLayer, watchLayers } from "../../src/index.node.js";
import { spawnWorker } from "../helpers/processes.js";
import { preciseNow } from "../redis/workers/layer-setup.js";
import { deleteNamespace, testNamespace } from "../redis/support.js";
import { delayApp } from "./workers/delay-app.js";

const namespace = testNamespace("observe-delay-");
after(() => deleteNamespace(namespace));

describe("invalidation delay across processes", () => {
  it("a server write is measured until the edge process behind HTTP dropped its target; the edge's other process forgets it through Redis", async () => {
    const served = spawnWorker("test/observe/workers/edge-worker.ts", { NAMESPACE: namespace, ROLE: "served" });
    const reader = spawnWorker("test/observe/workers/edge-worker.ts", { NAMESPACE: namespace, ROLE: "reader" });
    try {
      const ready = await served.next((m) => m.ready === true, 30_000);
      await reader.next((m) => m.ready === true, 30_000);
      const route = remoteLayer(String(ready.url), { layer: "edge" });
      const server = createLayer(delayApp, "server", { remotes: { edge: route } });
      const watch = watchLayers([server]);
      const acked = new Map<string, number>();
      server.on("set", ({ key }) => acked.set(key.replace("user:", "profile:"), preciseNow()));
      const busDelays: number[] = [];
      try {
        for (let n = 0; n < 10; n++) {
          const key = `profile:${n}`;
          reader.send({ read: key });
          await reader.next((m) => m.filled === key, 10_000);
          await server.own("user_data").set(`user:${n}`, { n });
          const forgot = await reader.next((m) => m.forgot === key, 10_000);
          busDelays.push((forgot.at as number) - acked.get(key)!);
        }
        const delays = watch.snapshot().delays["profile"]!;
        assert.equal(delays.count, 10);
        assert.equal(delays.byOwner["edge"]?.count, 10);
        assert.ok(delays.p50 > 0 && delays.max < 5_000, `delays ${JSON.stringify(delays)}`);
        assert.ok(
          busDelays.every((ms) => ms > 0 && ms < 5_000),
          `bus delays ${busDelays.join(", ")}`,
        );
      } finally {
        watch.stop();
        route.close();
        await server.close();
      }
    } finally {
      served.send({ stop: true });
      reader.send({ stop: true });
      await Promise.race([Promise.all([served.exited, reader.exited]), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      served.kill();
      reader.kill();
    }
  });
});
