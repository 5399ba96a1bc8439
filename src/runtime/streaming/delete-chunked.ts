import type { StorePartition } from "../contracts/store.js";
import { readHeader } from "./chunked-header.js";
import { ChunkedValueError } from "./chunked-value-error.js";
import { queueForKey } from "./key-queue.js";
import { deleteChunks } from "./put-chunked.js";

/**
 * Deletes a streamed value: the header first (so no reader starts on it), then its chunks. Resolves
 * `true` when the key held something. A plain (non-chunked) value under the key is deleted too.
 *
 * @example
 * declare const partition: StorePartition
 * await deleteChunked(partition, "video:1") //=> true
 */
export function deleteChunked(partition: StorePartition, key: string): Promise<boolean> {
  return queueForKey(partition, key, async () => {
    const header = await readHeader(partition, key).catch((error: unknown) => {
      if (error instanceof ChunkedValueError) return undefined;
      throw error;
    });
    const existed = await partition.delete(key);
    if (header !== undefined) await deleteChunks(partition, key, header.version, header.chunks);
    return existed || header !== undefined;
  });
}
