// Worker: COUNT concurrent reads of one missing key through a Redis-backed server layer. The source
// counts its calls with INCR in Redis, so the parent sees how many loads all processes made together.
import { onParentMessage, tellParent } from "../../helpers/processes.js";
import { env, openWorkerLayer } from "./layer-setup.js";

const count = Number(process.env.COUNT ?? 1000);
const key = process.env.KEY ?? "data:hot";
const counterKey = `${env.namespace}::source-calls::${key}`;
const { layer, raw, close } = await openWorkerLayer({
  data: {
    load: async (k: string) => {
      const n = await raw.incr(counterKey);
      await new Promise((resolve) => setTimeout(resolve, 50)); // a slow source widens the stampede window
      return { key: k, load: n, by: process.pid };
    },
  },
});
const data = layer.own("data");

tellParent({ ready: true, pid: process.pid });
onParentMessage(async (message) => {
  if (message.go !== true) return;
  const started = Date.now();
  const values = await Promise.allSettled(Array.from({ length: count }, () => data.get(key)));
  const failed = values.filter((v) => v.status === "rejected").length;
  const loads = new Set(values.map((v) => (v.status === "fulfilled" ? JSON.stringify(v.value) : "failed")));
  tellParent({ done: true, failed, distinct: [...loads], ms: Date.now() - started });
  await close();
  process.exit(0);
});
