/**
 * Time, injectable: a layer reads the time and sets its timers (soft and hard timeouts, session
 * expiry) only through a `Clock`, so tests move time by hand instead of sleeping.
 */

import type { Clock } from "../contracts/clock.js";

/**
 * The real clock: `Date.now` and the platform's timers. Timers are `unref`'d where the platform allows
 * (Node), so a pending session expiry or soft timeout never keeps a process alive.
 *
 * @example
 * const server = createLayer(app, "server", { clock: systemClock })
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = globalThis.setTimeout(fn, ms) as unknown as { unref?: () => void };
    handle.unref?.();
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
};

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void;
  /** How many timers are waiting. */
  readonly pending: number;
}

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/**
 * A clock for tests: time starts at `start` and moves only through `advance(ms)`.
 *
 * @example
 * const clock = manualClock();
 * const server = createLayer(app, "server", { clock });
 * clock.advance(60_000); // a minute passes, due timers fire
 */
export function manualClock(start = 1_000_000): ManualClock {
  let now = start;
  let nextId = 1;
  let timers: Timer[] = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { id: nextId++, at: now + Math.max(0, ms), fn };
      timers.push(timer);
      return timer.id;
    },
    clearTimeout(handle) {
      timers = timers.filter((timer) => timer.id !== handle);
    },
    advance(ms) {
      const until = now + ms;
      // Fire one at a time: a timer may set another that is also due before `until`.
      for (;;) {
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = Math.max(now, due.at);
        due.fn();
      }
      now = until;
    },
    get pending() {
      return timers.length;
    },
  };
}
