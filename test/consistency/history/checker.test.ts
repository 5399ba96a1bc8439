// The history checker on small hand-made histories: clean ones pass, and each guarantee has a history
// that breaks it and is caught, so the checker of the multi-process runs can fail.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { HistoryOp } from "./history-op.js";
import { checkHistory, violations } from "./check-history.js";
import { spread } from "./percentile.js";

const BOUND = { boundMs: 3000 };

function write(process: string, key: string, version: number, start: number, end: number, outcome: HistoryOp["outcome"] = "ok"): HistoryOp {
  return { process, kind: "write", key, version, start, end, outcome };
}
function read(process: string, key: string, version: number, start: number, end = start + 1, extra: Partial<HistoryOp> = {}): HistoryOp {
  return { process, kind: "read", key, version, via: "set", source: "local", start, end, outcome: "ok", ...extra };
}
function increment(process: string, key: string, start: number, outcome: HistoryOp["outcome"], result?: number, lockTimeouts = 0): HistoryOp {
  return { process, kind: "increment", key, start, end: start + 1, outcome, result, attempts: 1, lockTimeouts };
}

describe("the history checker", () => {
  it("passes a clean history: old values only before the acknowledgement or within the bound elsewhere", () => {
    const ops = [
      read("w1", "rec:a", 0, 0),
      write("w0", "rec:a", 1, 10, 20),
      read("w1", "rec:a", 0, 15, 25), // concurrent with the write: either value
      read("w0", "rec:a", 1, 21),
      read("w1", "rec:a", 0, 23), // 3 ms after, another process: within the bound, counted in the window
      read("w1", "rec:a", 1, 30),
      read("w0", "rec:a", 1, 100, 101, { final: true }),
      read("w1", "rec:a", 1, 100, 101, { final: true }),
      increment("w0", "ctr:0", 0, "ok", 1),
      increment("w1", "ctr:0", 5, "ok", 2),
    ];
    const report = checkHistory(ops, { "ctr:0": 2 }, BOUND);
    assert.deepEqual(violations(report), []);
    assert.equal(report.operations, ops.length);
    assert.deepEqual(report.records.windows, [3]);
    assert.equal(report.records.staleWrites, 1);
    assert.deepEqual(report.counters.counters, [{ key: "ctr:0", final: 2, acknowledged: 2, unknown: 0, failed: 0, lost: 0, extra: 0, duplicates: 0 }]);
  });

  it("finds an acknowledged write lost: the last write of its key, and every final read returns an older version", () => {
    const ops = [
      write("w0", "rec:a", 1, 0, 5),
      write("w0", "rec:a", 2, 10, 15),
      read("w0", "rec:a", 1, 50, 51, { final: true }),
      read("w1", "rec:a", 1, 50, 51, { final: true }),
    ];
    const report = checkHistory(ops, {}, BOUND);
    assert.equal(report.records.lostWrites.length, 1);
    assert.equal(report.records.lostWrites[0]?.write.version, 2);
    assert.match(violations(report).join("\n"), /lost write: w0 wrote rec:a v2/);
  });

  it("does not call a write lost when a later write of the key was attempted, or when one process still reads it", () => {
    const laterFailed = [write("w0", "rec:a", 1, 0, 5), write("w0", "rec:a", 2, 10, 15, "failed"), read("w1", "rec:a", 0, 50, 51, { final: true })];
    assert.equal(checkHistory(laterFailed, {}, BOUND).records.lostWrites.length, 0);
    const oneReadsIt = [write("w0", "rec:a", 1, 0, 5), read("w0", "rec:a", 1, 50, 51, { final: true }), read("w1", "rec:a", 0, 50, 51, { final: true })];
    const report = checkHistory(oneReadsIt, {}, BOUND);
    assert.equal(report.records.lostWrites.length, 0);
    assert.deepEqual(report.records.windows, [45], "w1's final read is stale: it shows in the window");
  });

  it("finds G2 broken: the writer's own process reads an older value after the acknowledgement, whatever the lag", () => {
    const ops = [write("w0", "rec:a", 1, 0, 10), read("w0", "rec:a", 0, 10.5)];
    const report = checkHistory(ops, {}, BOUND);
    assert.deepEqual(
      report.records.staleReads.map((s) => [s.rule, s.lagMs]),
      [["G2", 0.5]],
    );
    assert.match(violations(report)[0] ?? "", /^G2/);
    assert.deepEqual(report.records.windows, [0], "the writer's own reads are not G4's window");
  });

  it("finds G1 broken: the shared store answers an older value after the acknowledgement (a fill that outlived the write), in any process, at any lag", () => {
    const ops = [
      write("w0", "rec:a", 1, 0, 10),
      read("w1", "rec:a", 0, 12, 13, { via: "load", source: "store" }),
      read("w1", "rec:a", 0, 14, 15, { via: "load", source: "local" }), // a copy the bus has not dropped yet: G4's to bound
      read("w1", "rec:a", 0, 16, 17, { via: "load", source: "load" }), // a load in flight it joined: G4's too
    ];
    const report = checkHistory(ops, {}, BOUND);
    assert.deepEqual(
      report.records.staleReads.map((s) => [s.rule, s.read.start, s.lagMs]),
      [["G1", 12, 2]],
    );
    assert.match(violations(report)[0] ?? "", /^G1 \(the shared store held an older value\): w1 read rec:a v0 \(load, from store\) 2\.0 ms after w0's v1/);
    assert.deepEqual(report.records.windows, [6]);
  });

  it("finds G4 broken: another process's copy is older than a write acknowledged longer ago than the bound", () => {
    const ops = [write("w0", "rec:a", 1, 0, 10), read("w1", "rec:a", 0, 12, 13), read("w1", "rec:a", 0, 3011, 3012)];
    const report = checkHistory(ops, {}, BOUND);
    assert.deepEqual(
      report.records.staleReads.map((s) => [s.rule, s.lagMs]),
      [["G4", 3001]],
      "the read 2 ms after is within the bound; the one 3001 ms after is not",
    );
    assert.match(violations(report)[0] ?? "", /^G4 \(past the bound\): w1 read rec:a v0 \(set, from local\) 3001\.0 ms after w0's v1/);
  });

  it("measures each write's window as the last older read in another process, and its p50/p99/max over all writes", () => {
    const ops = [
      write("w0", "rec:a", 1, 0, 10),
      read("w1", "rec:a", 0, 12),
      read("w2", "rec:a", 0, 17),
      read("w1", "rec:a", 1, 18),
      write("w0", "rec:b", 1, 0, 10),
      read("w1", "rec:b", 1, 11),
      write("w0", "rec:a", 2, 20, 30),
      read("w2", "rec:a", 0, 31), // older than both v1 and v2: counts for both
    ];
    const report = checkHistory(ops, {}, BOUND);
    assert.deepEqual(
      [...report.records.windows].sort((a, b) => a - b),
      [0, 1, 21],
    );
    assert.deepEqual(report.records.staleness, { count: 3, p50: 1, p99: 21, max: 21 });
  });

  it("counts increments lost, applied without being acknowledged, and read twice; unknown outcomes count 0 or 1", () => {
    const lost = checkHistory(
      [1, 2, 3, 4, 5].map((n) => increment("w0", "ctr:0", n, "ok", n)),
      { "ctr:0": 4 },
      BOUND,
    );
    assert.equal(lost.counters.counters[0]?.lost, 1);
    const extra = checkHistory(
      [
        increment("w0", "ctr:0", 0, "ok", 1),
        increment("w1", "ctr:0", 1, "failed"),
        increment("w1", "ctr:0", 2, "unknown"),
        increment("w0", "ctr:0", 3, "ok", 3),
      ],
      { "ctr:0": 4 },
      BOUND,
    );
    assert.equal(extra.counters.counters[0]?.extra, 1, "2 acknowledged + 1 unknown cannot make 4: the failed one was applied");
    const tolerated = checkHistory(
      [increment("w0", "ctr:0", 0, "ok", 1), increment("w1", "ctr:0", 1, "unknown"), increment("w1", "ctr:0", 2, "unknown")],
      { "ctr:0": 2 },
      BOUND,
    );
    assert.deepEqual(violations(tolerated), []);
    assert.equal(tolerated.unknownOutcomes, 2);
    const twice = checkHistory([increment("w0", "ctr:0", 0, "ok", 1), increment("w1", "ctr:0", 1, "ok", 1)], { "ctr:0": 2 }, BOUND);
    assert.equal(twice.counters.counters[0]?.duplicates, 1, "two increments that both returned 1 read the same value: exclusion broke");
    assert.equal(violations(twice).length, 1);
  });

  it("finds G3 broken: a value set by a write reported failed is read (a fill of the same version from the database is fine)", () => {
    const ops = [write("w0", "rec:a", 1, 0, 10, "failed"), read("w1", "rec:a", 1, 20, 21, { via: "load" }), read("w1", "rec:a", 1, 22, 23, { via: "set" })];
    const report = checkHistory(ops, {}, BOUND);
    assert.equal(report.records.failedButApplied.length, 1);
    assert.equal(report.records.failedButApplied[0]?.start, 22);
  });

  it("finds a phantom: a read of a version no write had started", () => {
    const ops = [write("w0", "rec:a", 1, 50, 60), read("w1", "rec:a", 1, 10, 20), read("w1", "rec:a", 7, 70)];
    assert.deepEqual(
      checkHistory(ops, {}, BOUND).records.phantomReads.map((op) => op.version),
      [1, 7],
    );
  });

  it("splits increments and lock timeouts by process (G5)", () => {
    const ops = [
      increment("w0", "ctr:0", 0, "ok", 1),
      increment("w0", "ctr:0", 1, "ok", 2),
      increment("w0", "ctr:0", 2, "ok", 3),
      increment("w1", "ctr:0", 3, "ok", 4),
      increment("w1", "ctr:0", 4, "failed", undefined, 1),
      increment("w2", "ctr:0", 5, "failed", undefined, 2),
    ];
    const { shares } = checkHistory(ops, { "ctr:0": 4 }, BOUND).counters;
    assert.deepEqual(
      shares.map((s) => [s.process, s.acknowledged, s.share, s.lockTimeouts]),
      [
        ["w0", 3, 0.75, 0],
        ["w1", 1, 0.25, 1],
        ["w2", 0, 0, 2],
      ],
    );
  });

  it("takes nearest-rank percentiles", () => {
    assert.deepEqual(spread([]), { count: 0, p50: 0, p99: 0, max: 0 });
    assert.deepEqual(spread([4, 1, 3, 2]), { count: 4, p50: 2, p99: 4, max: 4 });
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual(spread(hundred), { count: 100, p50: 50, p99: 99, max: 100 });
  });
});
