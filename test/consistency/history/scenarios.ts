/**
 * The fault scenarios of the multi-process histories, each on a private redis-server: healthy; Redis
 * paused (SIGSTOP, then SIGCONT); Redis killed (SIGKILL) and restarted on its port from its
 * append-only file; one worker's bus subscriber black-holed by a proxy (its publishes go direct);
 * one worker's whole bus black-holed (its publishes are held too).
 */

/** What is done to Redis or to the bus during a scenario. */
export type Fault = "none" | "pause" | "kill" | "subscriber-black-hole" | "bus-black-hole";

/** One scenario: how long the workload runs, and when each fault starts and how long it lasts. */
export interface Scenario {
  readonly name: string;
  readonly fault: Fault;
  readonly durationMs: number;
  /** Milliseconds after the start of the workload. */
  readonly faults: readonly { readonly atMs: number; readonly forMs: number }[];
}

/** How long each fault lasts. The black holes outlast G4's liveness bound (3 s), so it shows. */
const FAULT_MS: Record<Fault, number> = { none: 0, pause: 1000, kill: 500, "subscriber-black-hole": 4500, "bus-black-hole": 4500 };
/** Healthy time before the first fault, and between one fault's end and the next. */
const BEFORE_MS = 1000;
const BETWEEN_MS: Record<Fault, number> = { none: 0, pause: 2000, kill: 2500, "subscriber-black-hole": 2000, "bus-black-hole": 2000 };
/** Healthy time after the last fault, so the history shows the recovery. */
const AFTER_MS = 1500;

const NAMES: Record<Fault, string> = {
  none: "healthy",
  pause: "Redis paused 1 s",
  kill: "Redis killed, restarted",
  "subscriber-black-hole": "bus subscriber black-holed 4.5 s",
  "bus-black-hole": "whole bus black-holed 4.5 s",
};

/**
 * The scenarios. Short (no `seconds`): one fault each, a few seconds per scenario. Long: `seconds` of
 * workload per scenario, the fault repeated through it.
 *
 * @example
 * scenarios()     // npm test: healthy 3 s, paused, killed, two black holes
 * scenarios(30)   // bench: 30 s each
 */
export function scenarios(seconds?: number): Scenario[] {
  return (Object.keys(NAMES) as Fault[]).map((fault) => {
    const forMs = FAULT_MS[fault];
    if (fault === "none") return { name: NAMES[fault], fault, durationMs: seconds === undefined ? 3000 : seconds * 1000, faults: [] };
    const shortMs = BEFORE_MS + forMs + AFTER_MS;
    const durationMs = seconds === undefined ? shortMs : Math.max(shortMs, seconds * 1000);
    const faults: { atMs: number; forMs: number }[] = [];
    for (let atMs = BEFORE_MS; atMs + forMs + AFTER_MS <= durationMs; atMs += forMs + BETWEEN_MS[fault]) faults.push({ atMs, forMs });
    return { name: NAMES[fault], fault, durationMs, faults };
  });
}
