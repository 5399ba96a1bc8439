// G5 "fair exclusion" on a real Redis: 4 processes hammer one key with atomicUpdate (3 loops each, for
// 3 s, lock ttl and wait 1 s); every process gets a fair share of the updates and no wait times out
// while the others progress. Prints the per-process figures (updates/timeouts, longest gap).
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnWorker, type Worker } from "../helpers/processes.js";
import { redisStore } from "../../src/index.node.js";
import { deleteNamespace, REDIS_URL, testNamespace } from "../redis/support.js";

const workers: Worker[] = [];
const namespaces: string[] = [];
after(async () => {
  for (const worker of workers) worker.kill("SIGKILL");
  await Promise.all(workers.map((worker) => worker.exited));
  for (const ns of namespaces) await deleteNamespace(ns);
});

describe("G5: the Redis lock serves processes in about arrival order", () => {
  it("4 processes × 3 loops on one key for 3 s: each gets ≥ 10% of the updates, no wait times out", async () => {
    const ns = testNamespace("fair:");
    namespaces.push(ns);
    const group = Array.from({ length: 4 }, () =>
      spawnWorker("test/redis/workers/lock-hammer.ts", { REDIS_URL, NAMESPACE: ns, LOCK_TTL: "1s", LOOPS: "3", DURATION_MS: "3000" }),
    );
    workers.push(...group);
    await Promise.all(group.map((w) => w.next((m) => m.ready === true, 60_000)));
    for (const w of group) w.send({ go: true });
    const reports = await Promise.all(group.map((w) => w.next((m) => m.done === true, 60_000)));
    const figures = reports.map((r) => ({
      updates: r.updates as number,
      timeouts: r.timeouts as number,
      maxGapMs: r.maxGapMs as number,
      errors: r.errors as string[],
    }));
    const total = figures.reduce((sum, r) => sum + r.updates, 0);
    console.log(
      `4 processes × 3 loops, one key, 3 s (updates/timeouts, longest gap): ${figures.map((r) => `${r.updates}/${r.timeouts} ${r.maxGapMs}ms`).join(", ")}; ${total} updates`,
    );
    for (const report of figures) assert.deepEqual(report.errors, [], "no failure other than lock timeouts");
    const store = redisStore(REDIS_URL, { namespace: ns });
    try {
      assert.equal((await store.partition("accounts", {}).get("account:1"))?.value, total, "exclusion: no update lost");
    } finally {
      await store.close();
    }
    for (const report of figures) {
      assert.equal(report.timeouts, 0, `a process timed out while others progressed: ${JSON.stringify(report)}`);
      assert.ok(report.updates >= 0.1 * total, `a process got ${report.updates} of ${total} updates`);
    }
  });
});
