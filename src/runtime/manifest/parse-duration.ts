import { parseAmount, type Amount } from "./amount.js";

/** Duration units in milliseconds; `ms` before `s` and `m`. */
const durationUnits = [
  ["ms", 1],
  ["s", 1000],
  ["m", 60_000],
  ["h", 3_600_000],
  ["d", 86_400_000],
] as const;

/**
 * Reads a manifest duration (`ttl`, `grace`, `timeout`, `hardTimeout`): `<n>ms|s|m|h|d`.
 *
 * @example
 * parseDuration("30m")?.value   //=> 1800000
 * parseDuration("30")           //=> undefined
 */
export function parseDuration(text: unknown): Amount | undefined {
  return parseAmount(text, durationUnits);
}
