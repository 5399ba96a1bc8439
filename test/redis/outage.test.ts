// Surviving a Redis outage: a server layer on tieredStore(memoryStore, redisStore) over a private
// redis-server that is paused (SIGSTOP), resumed, killed (SIGKILL) and restarted on the same port.
// The timeline it prints is also printed by `node --import tsx bench/redis/outage-timeline.ts`.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { StoreError } from "../../src/index.node.js";
import { formatTimeline, rootCause, runOutageScenario, type OutageReport } from "./outage-scenario.js";

const TIMEOUT_MS = 200;
// A call may take its timeout, plus one tick of the deadline timer, plus scheduling delay on a busy
// 2-core machine; it must never wait for a reconnect or hang.
const BOUND_MS = TIMEOUT_MS + 800;

describe("Redis outage (private redis-server: SIGSTOP, SIGCONT, SIGKILL, restart)", () => {
  let report: OutageReport;
  before(async () => {
    report = await runOutageScenario({ timeoutMs: TIMEOUT_MS });
    console.log(formatTimeline(report));
  });

  const during = (phase: string) => report.timeline.filter((event) => event.phase === phase);

  it("raises no unhandled rejection", () => {
    assert.deepEqual(report.unhandledRejections, []);
  });

  it(`bounds every call while Redis is away (timeout ${TIMEOUT_MS} ms, bound ${BOUND_MS} ms)`, () => {
    for (const event of report.timeline) assert.ok(event.ms < BOUND_MS, `${event.phase} ${event.call} took ${event.ms}ms`);
  });

  it("rejects writes with a StoreError naming layer, store and key, with the cause", () => {
    const writes = [...during("paused"), ...during("killed")].filter((event) => event.call.startsWith("notes.set"));
    assert.ok(writes.length >= 3);
    for (const write of writes) {
      assert.equal(write.ok, false, write.call);
      const error = write.error;
      assert.ok(error instanceof StoreError, write.outcome);
      assert.equal(error.layer, "server");
      assert.ok(error.store.length > 0);
      assert.match(write.call, new RegExp(`'${error.key}'`));
      const cause = rootCause(error);
      assert.ok(cause && ["RedisTimeoutError", "CircuitOpenError", "ClientOfflineError", "Error"].includes(cause.name), String(cause?.name));
    }
  });

  it("serves reads from the source while Redis is away, and the stale value within grace when the source fails too", () => {
    const paused = during("paused");
    const graced = paused.find((event) => event.call.includes("grace"));
    assert.equal(graced?.outcome, `→ ${JSON.stringify({ key: "price:1", version: 1 })}`);
    const fromSource = paused.find((event) => event.call.includes("'price:9'"));
    assert.equal(fromSource?.outcome, `→ ${JSON.stringify({ key: "price:9", version: 2 })}`);
    const burst = paused.filter((event) => event.call.includes("price:burst:"));
    assert.ok(burst.length > 20);
    assert.ok(
      burst.every((event) => event.ok),
      "every read during the pause is answered from the source",
    );
    const killed = during("killed");
    assert.ok(killed.filter((event) => event.call.startsWith("prices.get")).every((event) => event.ok));
  });

  it("stops hammering Redis: the circuit breaker lets a few probes through, not every call", () => {
    assert.ok(report.burst.calls > 20, `burst of ${report.burst.calls}`);
    assert.ok(report.burst.attempts <= Math.max(12, report.burst.calls / 10), `${report.burst.attempts} commands for ${report.burst.calls} reads`);
  });

  it("works again within a second of Redis returning, after a pause and after a restart", () => {
    assert.ok(report.recoveryAfterResumeMs >= 0 && report.recoveryAfterResumeMs < 1000, `after SIGCONT: ${report.recoveryAfterResumeMs}ms`);
    assert.ok(report.recoveryAfterRestartMs >= 0 && report.recoveryAfterRestartMs < 1000, `after restart: ${report.recoveryAfterRestartMs}ms`);
    for (const event of during("recovered")) assert.equal(event.ok, true, event.call);
  });

  it("loses no acknowledged write over the pause", () => {
    assert.ok(report.acknowledged.length >= 6);
    assert.deepEqual(report.lostAfterPause, []);
  });

  it("never applies a write it reported failed: Redis refuses a write that arrives after its deadline", () => {
    assert.ok(report.timedOutWrites.length >= 1, "a write timed out during the pause");
    for (const write of report.timedOutWrites) assert.equal(write.appliedAfterResume, false, `'${write.key}' was applied after SIGCONT`);
  });
});
