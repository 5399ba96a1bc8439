/**
 * Where the chunks of a streamed value live inside its cache's partition.
 *
 * A chunk key starts with NUL, which no manifest pattern can start with (a pattern starts with a
 * key character or `*`), so a pattern invalidation such as `video:*` lists the header — stored under
 * the value's own key — and never a chunk. Deleting through the header then removes the chunks.
 */

const chunkPrefix = "\u0000chunk\u0000";

/**
 * The parts a chunk key is built from.
 *
 * @example
 * const address: ChunkAddress = { key: "video:1", version: "k3x9", index: 0 }
 */
export interface ChunkAddress {
  readonly key: string;
  readonly version: string;
  readonly index: number;
}

/**
 * The partition key of chunk `index` of version `version` of `key`.
 *
 * @example
 * chunkKey("video:1", "k3x9", 0)
 * //=> "\u0000chunk\u0000k3x9\u00000\u0000video:1"
 */
export function chunkKey(key: string, version: string, index: number): string {
  // The key goes last so that a key containing NUL still parses: version and index never do.
  return `${chunkPrefix}${version}\u0000${index}\u0000${key}`;
}

/**
 * Whether a partition key names a chunk rather than a value's header.
 *
 * @example
 * isChunkKey(chunkKey("video:1", "v", 0)) //=> true
 * isChunkKey("video:1") //=> false
 */
export function isChunkKey(key: string): boolean {
  return key.startsWith(chunkPrefix);
}

/**
 * The key, version and index a chunk key was built from; `undefined` for any other key.
 *
 * @example
 * parseChunkKey(chunkKey("video:1", "v", 2)) //=> { key: "video:1", version: "v", index: 2 }
 */
export function parseChunkKey(partitionKey: string): ChunkAddress | undefined {
  if (!isChunkKey(partitionKey)) return undefined;
  const rest = partitionKey.slice(chunkPrefix.length);
  const versionEnd = rest.indexOf("\u0000");
  const indexEnd = rest.indexOf("\u0000", versionEnd + 1);
  if (versionEnd < 0 || indexEnd < 0) return undefined;
  const index = Number(rest.slice(versionEnd + 1, indexEnd));
  if (!Number.isSafeInteger(index) || index < 0) return undefined;
  return { version: rest.slice(0, versionEnd), index, key: rest.slice(indexEnd + 1) };
}

/**
 * The glob that lists every chunk of a partition (for `sweepChunks`).
 *
 * @example
 * declare const partition: StorePartition
 * for await (const key of partition.keys(allChunksPattern)) console.log(parseChunkKey(key))
 */
export const allChunksPattern = `${chunkPrefix}*`;
