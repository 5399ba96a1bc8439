// Streaming caches: values stored as chunkSize chunks plus a header, read chunk by chunk (docs/design.md#streaming).
export { putChunked, deleteChunks, type PutChunkedOptions } from "./put-chunked.js";
export { readChunked, openChunked, type ChunkedValue, type ReadChunkedOptions } from "./read-chunked.js";
export { deleteChunked } from "./delete-chunked.js";
export { invalidateChunked } from "./invalidate-chunked.js";
export { sweepChunks, type SweepChunksOptions } from "./sweep-chunks.js";
export { dropEvicted } from "./drop-evicted.js";
export { rechunk, type ByteSource } from "./rechunk.js";
export { isChunkedHeader, readHeader, readHeaderEntry, type ChunkedHeader } from "./chunked-header.js";
export { chunkKey, isChunkKey, parseChunkKey, allChunksPattern, type ChunkAddress } from "./chunk-keys.js";
export { ChunkedValueError, ChunkedFailure } from "./chunked-value-error.js";
