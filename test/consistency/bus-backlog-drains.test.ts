// G4 across a publisher reconnect, on a private redis-server: a writer process writes new keys as
// fast as Redis answers (a layer on tieredStore + redisBus); CLIENT KILL drops its publisher
// connection mid-load; another process (this one) listens on the namespace. The writer's backlog must
// drain while the writes go on, and every acknowledged write must reach the listener — its
// invalidation, or a drop of the whole memory tier after it — within the G4 bound (3 s). The figures
// are printed by bench/redis/bus-backlog.ts.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatBacklog, runBusBacklogScenario, type BacklogReport } from "../redis/bus-backlog-scenario.js";

describe("G4: the bus backlog after a publisher reconnect, under steady writes (private redis-server, 2 processes)", () => {
  let report: BacklogReport;
  before(async () => {
    report = await runBusBacklogScenario();
    console.log(formatBacklog(report));
  });

  it("kills the writer's publisher mid-load, with writes going on", () => {
    assert.ok(report.connectionsKilled >= 1, "a publisher connection was killed");
    assert.ok(report.acknowledged > 1000, `${report.acknowledged} writes`);
  });

  it("the writer's backlog drains while the writes go on, and is empty when they stop", () => {
    if (report.backlogFormed) assert.ok(report.drainedAfterMs >= 0 && report.drainedAfterMs < 2000, `drained ${report.drainedAfterMs} ms after the kill`);
    assert.equal(report.queuedAfter3s, 0);
    assert.equal(report.emptyAtStop, true);
  });

  it("no acknowledged write goes unheard by the other process, nor heard later than the G4 bound", () => {
    assert.equal(report.unheard, 0);
    assert.equal(report.beyondBound, 0);
  });
});
