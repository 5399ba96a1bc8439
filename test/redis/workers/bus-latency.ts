// Worker for invalidation between processes: a server layer on tieredStore(memoryStore, redisStore)
// with redisBus. ROLE=reader reads keys into its memory tier and reports when the bus drops them;
// ROLE=writer writes keys when told.
import { onParentMessage, tellParent } from "../../helpers/processes.js";
import { openWorkerLayer, preciseNow } from "./layer-setup.js";
import type { TieredStore } from "../../../src/runtime/stores/tiered.js";

const role = process.env.ROLE ?? "reader";
const { layer, store, close } = await openWorkerLayer();
const notes = layer.own("notes");
const local = (store as TieredStore).partition("notes", {}).local;

if (role === "reader") {
  layer.on("invalidate", (event) => {
    if (event.origin !== "bus") return;
    const at = preciseNow();
    tellParent({ forgot: event.key, at, localAfter: local.get(event.key) !== undefined });
  });
}

tellParent({ ready: true, pid: process.pid, role });
onParentMessage(async (message) => {
  if (typeof message.read === "string") {
    const value = await notes.get(message.read);
    tellParent({ filled: message.read, value: value ?? null, local: local.get(message.read) !== undefined });
  } else if (typeof message.write === "string") {
    const at = preciseNow();
    await notes.set(message.write, message.value);
    tellParent({ wrote: message.write, at, ackedAt: preciseNow() });
  } else if (message.stop === true) {
    await close();
    process.exit(0);
  }
});
