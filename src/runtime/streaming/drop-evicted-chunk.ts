import type { StorePartition } from "../stores/store.js";
import { readHeader } from "./chunked-header.js";
import { ChunkedValueError } from "./chunked-value-error.js";
import { parseChunkKey } from "./chunk-keys.js";
import { deleteChunked } from "./delete-chunked.js";

/**
 * What a layer calls when its store evicted an entry by itself (size or expiry): if it was a chunk of
 * the current version of a value, the rest of that value is deleted too, so the next read is a plain
 * miss (and a load) instead of a value with a hole in it. Resolves `true` when a value was dropped.
 *
 * @example
 * store.partition(cache, { onEvict: (key) => void dropEvictedChunk(partition, key) })
 */
export async function dropEvictedChunk(partition: StorePartition, evictedKey: string): Promise<boolean> {
  const address = parseChunkKey(evictedKey);
  if (address === undefined) return false;
  const header = await readHeader(partition, address.key).catch((error: unknown) => {
    if (error instanceof ChunkedValueError) return undefined;
    throw error;
  });
  // A chunk of a replaced version (or of a write that failed) takes nothing else with it.
  if (header === undefined || header.version !== address.version) return false;
  return deleteChunked(partition, address.key);
}
