import type { StorePartition } from "../contracts/store.js";
import { readHeader, type ChunkedHeader } from "./chunked-header.js";
import { ChunkedValueError } from "./chunked-value-error.js";
import { allChunksPattern, parseChunkKey } from "./chunk-keys.js";

/**
 * Which unreachable chunks `sweepChunks` may delete.
 *
 * @example
 * const options: SweepChunksOptions = { minAgeMs: 10 * 60_000 }
 */
export interface SweepChunksOptions {
  /** Only chunks stored at least this long ago: younger ones may belong to a write still in progress in another process. @default 3_600_000 (1 hour) */
  readonly minAgeMs?: number | undefined;
  /** @default Date.now */
  readonly now?: (() => number) | undefined;
}

/**
 * Deletes chunks no header points at: left behind by a process that died mid-write, by two processes
 * replacing one key at once, or by a pattern invalidation that deleted headers without
 * `invalidateChunked`. Resolves the number of chunks deleted.
 *
 * @example
 * declare const partition: StorePartition
 * const deleted = await sweepChunks(partition, { minAgeMs: 60_000 }) // how many chunks went
 */
export async function sweepChunks(partition: StorePartition, options: SweepChunksOptions = {}): Promise<number> {
  const now = options.now ?? Date.now;
  const oldest = now() - (options.minAgeMs ?? 3_600_000);
  const headers = new Map<string, ChunkedHeader | undefined>();
  const orphans: string[] = [];
  for await (const partitionKey of partition.keys(allChunksPattern)) {
    const address = parseChunkKey(partitionKey);
    if (address === undefined) continue;
    if (!headers.has(address.key)) headers.set(address.key, await readHeader(partition, address.key).catch(notChunked));
    if (headers.get(address.key)?.version !== address.version) orphans.push(partitionKey);
  }
  let deleted = 0;
  for (const partitionKey of orphans) {
    const entry = await partition.get(partitionKey);
    if (entry === undefined || entry.storedAt > oldest) continue;
    if (await partition.delete(partitionKey)) deleted += 1;
  }
  return deleted;
}

function notChunked(error: unknown): undefined {
  if (error instanceof ChunkedValueError) return undefined;
  throw error;
}
