// Worker for the bus backlog: a server layer on tieredStore(memoryStore, redisStore) with redisBus,
// writing a new key (`note:<n>`) from LOOPS concurrent loops as fast as the store answers, until told
// to stop. Every 100 ms it reports the writes acknowledged since the last report ([n, ackedAt] on the
// machine's monotonic clock) and its bus's backlog (`queued`, and `dropped` where the bus has it),
// sampled every 10 ms: [at, queued] at each change between empty and not, and the peak.
import { onParentMessage, tellParent } from "../../helpers/processes.js";
import { openWorkerLayer, preciseNow } from "./layer-setup.js";

const loops = Number(process.env.LOOPS ?? 16);
const worker = await openWorkerLayer();
const { layer, bus } = worker;
const notes = layer.own("notes");
let next = 0;
let stop = false;
let acks: Array<[number, number]> = [];
let failed = 0;
let peak = 0;
let wasEmpty = true;
let changes: Array<[number, number]> = [];
const sampler = setInterval(() => {
  const queued = bus.queued;
  peak = Math.max(peak, queued);
  if ((queued === 0) !== wasEmpty) changes.push([preciseNow(), queued]);
  wasEmpty = queued === 0;
}, 10);

const report = () => {
  tellParent({ acks, queued: bus.queued, peak, changes, dropped: bus.dropped, at: preciseNow(), failed });
  acks = [];
  changes = [];
  peak = 0;
};
const reporter = setInterval(report, 100);

async function loop(): Promise<void> {
  while (!stop) {
    const n = next++;
    try {
      await notes.set(`note:${n}`, { n });
      acks.push([n, preciseNow()]);
    } catch {
      failed++;
    }
  }
}

tellParent({ ready: true, pid: process.pid });
let running: Promise<unknown> | undefined;
onParentMessage((message) => {
  if (message.go === true) running = Promise.all(Array.from({ length: loops }, loop));
  if (message.stop === true) void finish();
});

async function finish(): Promise<void> {
  stop = true;
  await running;
  // The backlog goes out now or never: report until it is empty (or 5 s passed), then close.
  const until = Date.now() + 5000;
  while (bus.queued > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  clearInterval(reporter);
  clearInterval(sampler);
  report();
  tellParent({ done: true, queued: bus.queued });
  await worker.close();
  process.exit(0);
}
