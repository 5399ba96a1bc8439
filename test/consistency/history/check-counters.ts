/**
 * The checks of a history's counters (keys only ever changed by `atomicUpdate(n => n + 1)` from every
 * process): increments lost or applied twice, given what each increment was told (G3), and how the
 * increments and lock timeouts split between the processes (G5). Definitions in
 * docs/consistency-history.md.
 */
import type { HistoryOp } from "./history-op.js";

/** One counter's account. */
export interface CounterReport {
  readonly key: string;
  /** The value in the store after every worker stopped (undefined counts as 0). */
  readonly final: number;
  readonly acknowledged: number;
  /** Increments whose outcome stayed unknown: each may count 0 or 1. */
  readonly unknown: number;
  readonly failed: number;
  /** Acknowledged increments missing from the final value: `max(0, acknowledged − final)`. */
  readonly lost: number;
  /** Increments in the final value that nobody was told of: `max(0, final − acknowledged − unknown)`. */
  readonly extra: number;
  /** Acknowledged increments that returned a value another acknowledged increment also returned (both read the same current value). */
  readonly duplicates: number;
}

/** One process's part of the increments. */
export interface ProcessShare {
  readonly process: string;
  readonly acknowledged: number;
  readonly failed: number;
  readonly unknown: number;
  /** Its acknowledged increments over everyone's. */
  readonly share: number;
  /** Attempts that gave up waiting for the key's lock. */
  readonly lockTimeouts: number;
}

/** What `checkCounters` found. */
export interface CounterCheck {
  readonly counters: readonly CounterReport[];
  readonly shares: readonly ProcessShare[];
}

/**
 * Checks the counters of a history against their final values.
 *
 * @example
 * checkCounters(ops, { "ctr:0": 120 }).counters[0] //=> { key: "ctr:0", final: 120, acknowledged: 120, lost: 0, extra: 0, … }
 */
export function checkCounters(ops: readonly HistoryOp[], finals: Readonly<Record<string, number | undefined>>): CounterCheck {
  const increments = ops.filter((op) => op.kind === "increment");
  const keys = [...new Set([...increments.map((op) => op.key), ...Object.keys(finals)])].sort();
  const counters = keys.map((key) =>
    counterReport(
      key,
      increments.filter((op) => op.key === key),
      finals[key] ?? 0,
    ),
  );
  const total = increments.filter((op) => op.outcome === "ok").length;
  const processes = [...new Set(increments.map((op) => op.process))].sort();
  const shares = processes.map((process): ProcessShare => {
    const own = increments.filter((op) => op.process === process);
    const acknowledged = count(own, "ok");
    return {
      process,
      acknowledged,
      failed: count(own, "failed"),
      unknown: count(own, "unknown"),
      share: total === 0 ? 0 : acknowledged / total,
      lockTimeouts: own.reduce((sum, op) => sum + (op.lockTimeouts ?? 0), 0),
    };
  });
  return { counters, shares };
}

function counterReport(key: string, increments: readonly HistoryOp[], final: number): CounterReport {
  const acknowledged = count(increments, "ok");
  const unknown = count(increments, "unknown");
  const results = increments.filter((op) => op.outcome === "ok" && op.result !== undefined).map((op) => op.result);
  return {
    key,
    final,
    acknowledged,
    unknown,
    failed: count(increments, "failed"),
    lost: Math.max(0, acknowledged - final),
    extra: Math.max(0, final - acknowledged - unknown),
    duplicates: results.length - new Set(results).size,
  };
}

function count(ops: readonly HistoryOp[], outcome: HistoryOp["outcome"]): number {
  return ops.reduce((sum, op) => sum + (op.outcome === outcome ? 1 : 0), 0);
}
