/**
 * `true` when a store call answered with a promise rather than at once: stores may answer either way
 * (`T | Promise<T>`), and an in-process answer is taken without a promise hop.
 *
 * @example
 * declare const answer: StoredEntry | undefined | Promise<StoredEntry | undefined>
 * const entry = isPromise(answer) ? await answer : answer
 */
export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === "function";
}
