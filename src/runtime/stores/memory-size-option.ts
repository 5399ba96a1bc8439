/**
 * Reads `memoryStore`'s `maxSize`: a byte count or a size string written as in the manifest (`"50MB"`:
 * B, KB, MB, GB, 1024-based), through the manifest's own parser so both accept the same strings.
 */
import { parseSize } from "../manifest/parse-size.js";

/** A size written as a string, like `"50MB"`. */
export type SizeString = `${number}${"B" | "KB" | "MB" | "GB"}`;

/**
 * Bytes from a number of bytes or a size string.
 *
 * @example
 * parseSizeOption("50MB", "maxSize") //=> 52428800
 * @throws TypeError naming the option, for anything that is not a positive size
 */
export function parseSizeOption(size: number | string, option: string): number {
  if (typeof size === "number") {
    if (Number.isFinite(size) && size > 0) return Math.floor(size);
  } else {
    const bytes = parseSize(size)?.value;
    if (bytes !== undefined && bytes > 0) return Math.floor(bytes);
  }
  throw new TypeError(`✗ ${option} ${JSON.stringify(size)} of memoryStore is not a size — write it like '50MB' (B, KB, MB, GB) or as a number of bytes`);
}
