import { parseAmount, type Amount } from "./amount.js";

/** Size units, 1024-based; `KB` before `B` so that `"5KB"` is not read as `"5K"` bytes. */
const sizeUnits = [
  ["KB", 1024],
  ["MB", 1024 ** 2],
  ["GB", 1024 ** 3],
  ["B", 1],
] as const;

/**
 * Reads a manifest size (`maxSize`, `chunkSize`): `<n>B|KB|MB|GB`, 1024-based.
 *
 * @example
 * parseSize("50MB")?.value     //=> 52428800
 * parseSize("50 megs")         //=> undefined
 */
export function parseSize(text: unknown): Amount | undefined {
  return parseAmount(text, sizeUnits);
}
