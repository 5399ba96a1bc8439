import type { StorePartition, StoredEntry } from "../contracts/store.js";
import { isChunkedHeader, readHeader } from "./chunked-header.js";
import { ChunkedValueError } from "./chunked-value-error.js";
import { parseChunkKey } from "./chunk-keys.js";
import { deleteChunked } from "./delete-chunked.js";
import { deleteChunks } from "./put-chunked.js";

/**
 * What a layer calls when its store dropped an entry of a streaming cache by itself (size or expiry),
 * so a value never stays behind with a hole in it:
 * - a chunk of the current version: the rest of that value goes too, and the next read is a plain miss;
 * - a header (given its evicted entry): its chunks go, since nothing can reach them any more.
 * A chunk of a replaced version takes nothing with it. Resolves `true` when something was dropped.
 *
 * @example
 * const partition: StorePartition = memoryStore().partition("video_cache", {
 *   maxSize: 50 * 1024 * 1024,
 *   onEvict: (key, entry) => void dropEvicted(partition, key, entry),
 * })
 */
export async function dropEvicted(partition: StorePartition, evictedKey: string, evictedEntry?: StoredEntry): Promise<boolean> {
  const address = parseChunkKey(evictedKey);
  if (address === undefined) {
    if (!isChunkedHeader(evictedEntry?.value)) return false;
    await deleteChunks(partition, evictedKey, evictedEntry.value.version, evictedEntry.value.chunks);
    return true;
  }
  const header = await readHeader(partition, address.key).catch((error: unknown) => {
    if (error instanceof ChunkedValueError) return undefined;
    throw error;
  });
  if (header === undefined || header.version !== address.version) return false;
  return deleteChunked(partition, address.key);
}
