import type { Clock } from "../contracts/clock.js";

/**
 * Waits `ms` on `clock` inside an operation someone awaits (a lease held by another process, a read
 * back after an unknown outcome). The system clock's timers do not hold a Node process open — right for
 * expiries and timeouts in the background, wrong here: a script whose only work is this operation
 * would exit half-way — so this timer is referenced again where the platform allows.
 *
 * @example
 * const clock = manualClock()
 * const slept = sleep(clock, 50)
 * clock.advance(50) // a manual clock fires the timer now
 * await slept
 */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const handle = clock.setTimeout(() => resolve(), ms) as { ref?: () => unknown } | undefined;
    handle?.ref?.();
  });
}
