/**
 * The seeded scheduler of the model-based checker: every source load, store call, bus delivery, HTTP
 * hop and program step waits at a `point` until the scheduler picks it. Between two picks the scheduler
 * lets everything else run (a macrotask turn drains every microtask), so at each pick the set of waiting
 * points is the same for the same seed: a failing seed replays exactly. Time is a manual clock that only
 * moves when nothing else can run (or when the scheduler picks a tick), so timers are schedule steps too.
 */
import type { ManualClock } from "../../../src/index.node.js";
import { seededRandom } from "../../helpers/seeded-random.js";

/** What kind of step a point is: a program may make one kind slow by giving it a small weight. */
export type StepKind = "op" | "source" | "store" | "bus" | "http";

/** One point waiting to be picked. */
export interface Waiting {
  readonly label: string;
  readonly kind: StepKind;
  /** Order of arrival, for policies that pick by it. */
  readonly seq: number;
}

/**
 * Picks the index of the next point to run among `waiting` (in arrival order), or -1 for a clock tick
 * (offered only when `clockPending`). The random policy is the default; regression cases give scripted ones.
 */
export type Policy = (waiting: readonly Waiting[], clockPending: boolean, random: () => number) => number;

interface Task extends Waiting {
  readonly go: () => void;
}

/** How far a tick moves the manual clock: more than the longest wait a lease poll makes (100 ms). */
const TICK_MS = 100;
/** Real macrotask turns to wait before calling a program stuck (something may wait on a real timer). */
const STUCK_TURNS = 20;

/**
 * A random policy weighted by step kind: a kind with a small weight tends to run last (slow loads, a
 * slow bus, a slow store), which is where the races are.
 *
 * @example
 * const policy = weightedPolicy({ op: 1, source: 0.2, store: 1, bus: 3, http: 1 })
 */
export function weightedPolicy(weights: Readonly<Record<StepKind, number>>, tickWeight = 0.05): Policy {
  return (waiting, clockPending, random) => {
    let total = clockPending ? tickWeight : 0;
    for (const task of waiting) total += weights[task.kind];
    let pick = random() * total;
    for (let index = 0; index < waiting.length; index++) {
      pick -= weights[waiting[index]!.kind];
      if (pick < 0) return index;
    }
    return clockPending ? -1 : waiting.length - 1;
  };
}

/**
 * A scripted policy: the waiting point matching the earliest of `first` runs first; points matching
 * `last` run only when nothing else waits; among equals, the oldest. Time ticks only when nothing waits.
 *
 * @example
 * prefer([/^op t0#0/, /^source read data:1/], [/^source answer/]) // a load that starts first and answers last
 */
export function prefer(first: readonly RegExp[], last: readonly RegExp[] = []): Policy {
  const rank = (label: string): number => {
    const early = first.findIndex((pattern) => pattern.test(label));
    if (early !== -1) return early;
    const late = last.findIndex((pattern) => pattern.test(label));
    return late === -1 ? first.length : first.length + 1 + late;
  };
  return (waiting) => {
    let best = 0;
    for (let index = 1; index < waiting.length; index++) {
      if (rank(waiting[index]!.label) < rank(waiting[best]!.label)) best = index;
    }
    return best;
  };
}

/**
 * The scheduler of one program run.
 *
 * @example
 * const scheduler = new Scheduler(42, clock);
 * await scheduler.point("store get data:1", "store"); // resolves when picked
 * await scheduler.run(program); // picks until the program and everything it started are done
 */
export class Scheduler {
  readonly random: () => number;
  /** The labels of the points run, in order: the interleaving, printed with a failure. */
  readonly trace: string[] = [];
  /** Two 32-bit hashes of the interleaving (see `fingerprint`), to count distinct ones. */
  #h1 = 0x811c9dc5;
  #h2 = 0x9747b28c;
  #waiting: Task[] = [];
  #seq = 0;
  #time = 0;
  readonly #clock: ManualClock;
  readonly #policy: Policy;

  constructor(seed: number, clock: ManualClock, policy?: Policy) {
    this.random = seededRandom(seed);
    this.#clock = clock;
    this.#policy = policy ?? weightedPolicy({ op: 1, source: 1, store: 1, bus: 1, http: 1 });
  }

  /** Logical time: every recorded event takes the next number, so "before" is a comparison. */
  now(): number {
    return ++this.#time;
  }

  /** Waits until the scheduler picks this point. */
  point(label: string, kind: StepKind): Promise<void> {
    return new Promise<void>((go) => {
      this.#waiting.push({ label, kind, seq: this.#seq++, go });
    });
  }

  /** How many points are waiting now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Picks points until `work` has settled and nothing waits; time moves when only timers are left.
   * Rejects if `work` waits on something the scheduler does not control.
   */
  async run(work: Promise<unknown>): Promise<void> {
    let settled = false;
    const done = work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let idle = 0; ;) {
      await macrotask();
      const clockPending = this.#clock.pending > 0;
      if (this.#waiting.length === 0) {
        if (settled) break;
        if (clockPending) {
          this.#tick();
          continue;
        }
        if (++idle > STUCK_TURNS) throw new Error(`✗ the program waits on nothing the scheduler controls after ${this.trace.length} steps`);
        continue;
      }
      idle = 0;
      const index = this.#policy(this.#waiting, clockPending, this.random);
      if (index === -1) {
        this.#tick();
        continue;
      }
      const [task] = this.#waiting.splice(index, 1);
      this.#record(task!.label);
      task!.go();
    }
    await done;
  }

  /**
   * Moves the clock by more than `ms` at once, as a recorded step (the checks after everything settled:
   * past every grace). Due timers fire; whatever they start runs under the next `run`.
   */
  elapse(ms: number): void {
    const by = (Math.floor(ms / TICK_MS) + 1) * TICK_MS;
    this.#record(`tick +${by}ms`);
    this.#clock.advance(by);
  }

  /** Folds `text` (the program) into the fingerprint, so equal schedules of different programs differ. */
  mixIn(text: string): void {
    this.#h1 = mix(this.#h1, text, 0x01000193);
    this.#h2 = mix(this.#h2, text, 0x5bd1e995);
  }

  /** The interleaving (with what was mixed in) as a 53-bit number. */
  get fingerprint(): number {
    return this.#h1 * 2 ** 21 + (this.#h2 & 0x1fffff);
  }

  #record(label: string): void {
    this.trace.push(label);
    this.mixIn(label);
  }

  #tick(): void {
    this.#record(`tick +${TICK_MS}ms`);
    this.#clock.advance(TICK_MS);
  }
}

/** One macrotask turn: every microtask queued before it (and by those) has run when it resolves. */
function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** FNV-1a (with `prime`) over a label, folded into a running hash; a separator ends each label. */
function mix(hash: number, label: string, prime: number): number {
  let h = hash;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), prime) >>> 0;
  return Math.imul(h ^ 0xff, prime) >>> 0;
}
