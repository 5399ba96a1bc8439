// Worker: COUNT concurrent atomicUpdate increments of KEY through a Redis-backed server layer, each
// retried at most RETRIES times after a lock wait that timed out (default 0: the lock is fair, a
// timeout is a failure). MODE=victim: takes the lock in one atomicUpdate, says {holding}, and never
// finishes (to be SIGKILLed).
import { onParentMessage, tellParent } from "../../helpers/processes.js";
import { openWorkerLayer } from "./layer-setup.js";
import { StoreError } from "../../../src/runtime/errors.js";

const count = Number(process.env.COUNT ?? 500);
const key = process.env.KEY ?? "account:1";
const mode = process.env.MODE ?? "increment";
const maxRetries = Number(process.env.RETRIES ?? 0);
const worker = await openWorkerLayer();
const accounts = worker.layer.own("accounts");

let firstAt: number | undefined;

async function incrementWithRetry(): Promise<{ retries: number }> {
  for (let retries = 0; ; retries++) {
    try {
      await accounts.atomicUpdate(key, (n) => ((n as number | undefined) ?? 0) + 1);
      firstAt ??= Date.now();
      return { retries };
    } catch (error) {
      const cause = (error as { cause?: { name?: string } }).cause;
      const timedOut = error instanceof StoreError && error.operation === "lock" && cause?.name === "LockTimeoutError";
      if (!timedOut || retries >= maxRetries) throw error;
    }
  }
}

tellParent({ ready: true, pid: process.pid });
onParentMessage((message) => {
  if (message.go === true) void go();
});

async function go(): Promise<void> {
  if (mode === "victim") {
    void accounts.atomicUpdate(key, async (n) => {
      tellParent({ holding: true, current: n ?? null });
      await new Promise(() => {}); // never returns: the lock is held until this process dies
    });
    return;
  }
  const started = Date.now();
  const outcomes = await Promise.allSettled(Array.from({ length: count }, () => incrementWithRetry()));
  const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
  const retries = outcomes.reduce((sum, o) => sum + (o.status === "fulfilled" ? o.value.retries : 0), 0);
  tellParent({
    done: true,
    ok: count - failed.length,
    failed: failed.length,
    retries,
    firstAt,
    ms: Date.now() - started,
    errors: failed.slice(0, 3).map((f) => String((f.reason as Error).message)),
  });
  await worker.close();
  process.exit(0);
}
