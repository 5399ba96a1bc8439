// Worker: LOOPS concurrent loops of atomicUpdate increments of KEY for DURATION_MS, without retrying a
// lock wait that timed out: it reports how many updates it made, how many waits timed out, and the
// longest time it went without an update (the figures of G5, fair exclusion).
import { onParentMessage, tellParent } from "../../helpers/processes.js";
import { openWorkerLayer } from "./layer-setup.js";
import { StoreError } from "../../../src/runtime/errors.js";

const loops = Number(process.env.LOOPS ?? 3);
const durationMs = Number(process.env.DURATION_MS ?? 3000);
const key = process.env.KEY ?? "account:1";
const worker = await openWorkerLayer();
const accounts = worker.layer.own("accounts");

const isLockTimeout = (error: unknown) =>
  error instanceof StoreError && error.operation === "lock" && (error.cause as { name?: string } | undefined)?.name === "LockTimeoutError";

tellParent({ ready: true, pid: process.pid });
onParentMessage((message) => {
  if (message.go === true) void hammer();
});

async function hammer(): Promise<void> {
  const started = Date.now();
  const end = started + durationMs;
  let updates = 0;
  let timeouts = 0;
  let last = started;
  let maxGapMs = 0;
  const errors: string[] = [];
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (Date.now() < end) {
        try {
          await accounts.atomicUpdate(key, (n) => ((n as number | undefined) ?? 0) + 1);
          updates++;
          const now = Date.now();
          maxGapMs = Math.max(maxGapMs, now - last);
          last = now;
        } catch (error) {
          if (isLockTimeout(error)) timeouts++;
          else if (errors.push(String((error as Error).message)) > 3) break;
        }
      }
    }),
  );
  maxGapMs = Math.max(maxGapMs, Math.min(Date.now(), end) - last);
  tellParent({ done: true, updates, timeouts, maxGapMs, errors });
  await worker.close();
  process.exit(0);
}
