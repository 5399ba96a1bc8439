import type { Clock } from "../contracts/clock.js";

/** What `raceSoftTimeout` resolves to when the load was slower than `timeout`. */
export const SOFT_TIMEOUT: unique symbol = Symbol("borrowcache.softTimeout");

/**
 * `loading`, or `SOFT_TIMEOUT` if it has not settled after `ms` on `clock`. The load is not stopped:
 * it goes on in the background and stores its value when done.
 *
 * @example
 * declare const loading: Promise<User>;
 * declare const graced: User; // the stale value, within its grace
 * const outcome = await raceSoftTimeout(loading, 100, systemClock);
 * const user = outcome === SOFT_TIMEOUT ? graced : outcome; // serve the stale value now; the load goes on
 */
export function raceSoftTimeout<T>(loading: Promise<T>, ms: number, clock: Clock): Promise<T | typeof SOFT_TIMEOUT> {
  return raceTimer<T | typeof SOFT_TIMEOUT>(loading, ms, clock, (resolve) => resolve(SOFT_TIMEOUT));
}

/**
 * `loading`, or a rejection with `makeError()` once `ms` passed on `clock` (the hard timeout). The late
 * load's own outcome is then ignored.
 *
 * @example
 * declare function load(key: string): Promise<User>;
 * const user = await withHardTimeout(load("user:1"), 2000, systemClock, () => new LoadTimeoutError("user:1", "user_data", "client", 2000));
 */
export function withHardTimeout<T>(loading: Promise<T>, ms: number, clock: Clock, makeError: () => Error): Promise<T> {
  return raceTimer<T>(loading, ms, clock, (_resolve, reject) => reject(makeError()));
}

/** `loading`'s outcome, unless the timer on `clock` fires first and `onTimeout` settles the race; the timer is cleared either way. */
function raceTimer<R>(
  loading: Promise<R>,
  ms: number,
  clock: Clock,
  onTimeout: (resolve: (value: R) => void, reject: (error: unknown) => void) => void,
): Promise<R> {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimeout(() => onTimeout(resolve, reject), ms);
    loading.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error);
      },
    );
  });
}
