// One process of the edge layer, for bench/observe/invalidation-delay.ts and test/observe/invalidation-delay-processes.test.ts: a tiered store (memory over
// Redis, under NAMESPACE) and the Redis bus. ROLE=served serves the edge over HTTP (the server's route
// to the edge); ROLE=reader only holds copies in its memory tier and reports, on the machine's
// monotonic clock, when the bus makes it forget one.
import { onParentMessage, tellParent } from "../../helpers/processes.js";
import { preciseNow } from "../../redis/workers/layer-setup.js";
import { createLayer, memoryStore, redisBus, redisStore, serveLayer, tieredStore } from "../../../src/index.node.js";
import { serveNode } from "../../../src/node/index.js";
import { delayApp } from "./delay-app.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const namespace = process.env.NAMESPACE ?? "borrowcache-bench:delay";
const role = process.env.ROLE ?? "reader";
const redis = redisStore(url, { namespace, layer: "edge" });
const bus = redisBus(url, { namespace });
await Promise.all([redis.ready, bus.listening()]);
const edge = createLayer(delayApp, "edge", { store: tieredStore(memoryStore(), redis), bus, sources: { profile: { load: async (key) => ({ of: key }) } } });
const served = role === "served" ? await serveNode(serveLayer(edge, { expose: ["profile"] })) : undefined;

edge.on("invalidate", (event) => {
  if (event.origin === "bus") tellParent({ forgot: event.key, at: preciseNow() });
});
tellParent({ ready: true, role, url: served?.url });
onParentMessage((message) => {
  if (typeof message.read === "string") {
    const key = message.read;
    void edge
      .own("profile")
      .get(key as `profile:${string}`)
      .then(() => tellParent({ filled: key }));
  } else if (message.stop === true) {
    void (async () => {
      await served?.close();
      await edge.close();
      await bus.close();
      await redis.close();
      process.exit(0);
    })();
  }
});
