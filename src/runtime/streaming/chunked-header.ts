import type { StorePartition, StoredEntry } from "../contracts/store.js";
import { ChunkedValueError } from "./chunked-value-error.js";

/**
 * What a streamed value's own key holds: which version of the chunks is current and how to read it.
 * It is written after every chunk of its version, so a reader that finds it finds a complete value.
 *
 * @example
 * const header: ChunkedHeader = { version: "k3x9", chunks: 3, bytes: 2_500_000, chunkSize: 1_048_576, storedAt: Date.now() }
 */
export interface ChunkedHeader {
  readonly version: string;
  readonly chunks: number;
  readonly bytes: number;
  readonly chunkSize: number;
  readonly storedAt: number;
}

/**
 * Whether a stored value is a chunked header (a streaming cache may hold a plain value written by
 * code that bypassed `putChunked`; reading it as chunks must fail clearly, not yield garbage).
 *
 * @example
 * isChunkedHeader({ version: "v", chunks: 0, bytes: 0, chunkSize: 1024, storedAt: 0 }) //=> true
 */
export function isChunkedHeader(value: unknown): value is ChunkedHeader {
  if (typeof value !== "object" || value === null) return false;
  const header = value as Record<string, unknown>;
  return (
    typeof header["version"] === "string" &&
    Number.isSafeInteger(header["chunks"]) &&
    Number.isSafeInteger(header["bytes"]) &&
    Number.isSafeInteger(header["chunkSize"]) &&
    typeof header["storedAt"] === "number"
  );
}

/**
 * Reads and checks the header of `key`; `undefined` when the key holds nothing.
 *
 * @example
 * declare const partition: StorePartition
 * const header = await readHeader(partition, "video:1")
 * @throws ChunkedValueError (`not-chunked`) when the key holds something that is not a header.
 */
export async function readHeader(partition: StorePartition, key: string): Promise<ChunkedHeader | undefined> {
  return (await readHeaderEntry(partition, key))?.value;
}

/**
 * Like `readHeader`, with the stored entry's times (`expiresAt`, `staleUntil`), for freshness checks.
 *
 * @example
 * declare const partition: StorePartition
 * const entry = await readHeaderEntry(partition, "video:1")
 * const fresh = entry !== undefined && (entry.expiresAt === undefined || entry.expiresAt > Date.now())
 */
export async function readHeaderEntry(partition: StorePartition, key: string): Promise<StoredEntry<ChunkedHeader> | undefined> {
  const entry = await partition.get(key);
  if (entry === undefined) return undefined;
  if (!isChunkedHeader(entry.value)) throw new ChunkedValueError("not-chunked", key);
  return entry as StoredEntry<ChunkedHeader>;
}
