/**
 * A number with a unit, as the manifest writes sizes (`"50MB"`) and durations (`"30m"`): a positive
 * finite number written the way `String(Number(n))` writes it (so not `"050"`, `"5."`, `" 5"`),
 * directly followed by a unit. The same rule as `IsSize` / `IsDuration` in src/types/manifest/literals.ts.
 *
 * @example
 * import { parseSize } from "./parse-size.js"
 * parseSize("1.5KB")  //=> { number: "1.5", unit: "KB", value: 1536, mantissa: 15360n, exponent: -1 }
 */
export interface Amount {
  /** The number as written, e.g. `"1.5"`. */
  readonly number: string;
  readonly unit: string;
  /** In the base unit (bytes, milliseconds). */
  readonly value: number;
  /** The value as `mantissa × 10^exponent` base units, for exact comparison. */
  readonly mantissa: bigint;
  readonly exponent: number;
}

/**
 * Reads `text` as an amount in one of `units` (`[unit, base units per unit]`, tried in order: the
 * first unit the text ends with decides, as in the type level, so list `KB` before `B`).
 *
 * @example
 * parseAmount("1.5KB", [["KB", 1024], ["B", 1]])?.value  //=> 1536
 * parseAmount("050KB", [["KB", 1024], ["B", 1]])         //=> undefined
 */
export function parseAmount(text: unknown, units: readonly (readonly [string, number])[]): Amount | undefined {
  if (typeof text !== "string") return undefined;
  const found = units.find(([unit]) => text.endsWith(unit));
  if (!found) return undefined;
  const [unit, factor] = found;
  const number = text.slice(0, text.length - unit.length);
  const parsed = Number(number);
  if (number === "" || String(parsed) !== number || !Number.isFinite(parsed) || parsed <= 0) return undefined;
  const [mantissa, exponent] = decimal(number);
  return { number, unit, value: parsed * factor, mantissa: mantissa * BigInt(factor), exponent };
}

/**
 * Compares two amounts exactly (`"1.1s"` equals `"1100ms"`, which floating point would not say).
 *
 * @example
 * import { parseDuration } from "./parse-duration.js"
 * compareAmounts(parseDuration("2s")!, parseDuration("100ms")!)  //=> 1
 */
export function compareAmounts(a: Amount, b: Amount): -1 | 0 | 1 {
  const exponent = Math.min(a.exponent, b.exponent);
  const x = a.mantissa * 10n ** BigInt(a.exponent - exponent);
  const y = b.mantissa * 10n ** BigInt(b.exponent - exponent);
  return (
    x > y ? 1
    : x < y ? -1
    : 0
  );
}

// "1.5e-7" → [15n, -8]: the digits, and where the point goes. Canonical numbers only have this form.
function decimal(number: string): [bigint, number] {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(number);
  const whole = match?.[1] ?? "0";
  const fraction = match?.[2] ?? "";
  return [BigInt(whole + fraction), Number(match?.[3] ?? 0) - fraction.length];
}
