/**
 * Reads `memoryStore`'s `maxSize`: a byte count or a size string (`"50MB"`: B, KB, MB, GB, powers of 1024).
 * A stop-gap until the manifest's size parser lands in `src/runtime/guards/sizes-and-durations.ts`;
 * then this file should call it.
 */

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
const SIZE = /^(\d+(?:\.\d+)?)(B|KB|MB|GB)$/;

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
    const match = SIZE.exec(size);
    if (match) {
      const bytes = Math.floor(Number(match[1]) * UNITS[match[2]!]!);
      if (bytes > 0) return bytes;
    }
  }
  throw new TypeError(`✗ ${option} ${JSON.stringify(size)} of memoryStore is not a size — write it like '50MB' (B, KB, MB, GB) or as a number of bytes`);
}
