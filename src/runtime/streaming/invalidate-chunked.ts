import type { StorePartition } from "../contracts/store.js";
import { isChunkKey } from "./chunk-keys.js";
import { deleteChunked } from "./delete-chunked.js";

/**
 * Deletes every streamed value whose key matches a glob pattern, through its header, so the chunks
 * go with it. Chunk keys are skipped even if the pattern matches them (a `*` pattern): they are
 * reached through their headers. Resolves the number of values deleted.
 *
 * @example
 * declare const partition: StorePartition
 * const deleted = await invalidateChunked(partition, "video:42:*") // how many values went, with their chunks
 */
export async function invalidateChunked(partition: StorePartition, pattern: string): Promise<number> {
  const keys: string[] = [];
  // Listed first, deleted after: deleting while a store's scan cursor is open may skip keys.
  for await (const key of partition.keys(pattern)) if (!isChunkKey(key)) keys.push(key);
  let deleted = 0;
  for (const key of keys) if (await deleteChunked(partition, key)) deleted += 1;
  return deleted;
}
