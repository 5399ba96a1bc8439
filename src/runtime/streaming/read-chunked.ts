import type { StoredEntry, StorePartition } from "../contracts/store.js";
import { readHeader, readHeaderEntry, type ChunkedHeader } from "./chunked-header.js";
import { ChunkedValueError } from "./chunked-value-error.js";
import { chunkKey } from "./chunk-keys.js";

/**
 * A streamed value found in a partition: its header and the header entry's times, and its bytes to pull chunk by chunk.
 *
 * @example
 * declare const partition: StorePartition
 * const video: ChunkedValue | undefined = await openChunked(partition, "video:1")
 */
export interface ChunkedValue extends AsyncIterable<Uint8Array> {
  readonly header: ChunkedHeader;
  /** End of freshness recorded at `putChunked` (absent: fresh forever). */
  readonly expiresAt: number | undefined;
  /** End of grace recorded at `putChunked`. */
  readonly staleUntil: number | undefined;
}

/** How chunks are read. */
export interface ReadChunkedOptions {
  /**
   * Chunks read ahead of the consumer, for a network store (Redis), where one round trip per chunk
   * would bound the throughput. At most `readAhead + 1` chunks are held. @default 0 (strictly lazy)
   */
  readonly readAhead?: number | undefined;
}

/**
 * Reads the header of `key` once and returns the value, or `undefined` when the key holds nothing.
 * Iterating reads one chunk per step and only when asked: a consumer that stops after the first
 * chunk has read the header and that chunk, nothing more (plus `readAhead` chunks, if set).
 *
 * If a chunk is missing because the value was replaced or deleted, and nothing was yielded yet, the
 * read starts again from the new header (a few times at most); once bytes have been yielded it
 * throws `ChunkedValueError` (`replaced`), since mixing two versions would corrupt the output.
 *
 * @example
 * import type { ServerResponse } from "node:http"
 * declare const partition: StorePartition
 * declare const response: ServerResponse
 * const video = await openChunked(partition, "video:1")
 * if (video === undefined) response.writeHead(404).end()
 * else {
 *   response.setHeader("content-length", video.header.bytes)
 *   for await (const chunk of video) response.write(chunk)
 *   response.end()
 * }
 * @throws ChunkedValueError (`not-chunked`) when the key holds a value not written by `putChunked`.
 */
export async function openChunked(partition: StorePartition, key: string, options: ReadChunkedOptions = {}): Promise<ChunkedValue | undefined> {
  const entry = await readHeaderEntry(partition, key);
  if (entry === undefined) return undefined;
  const header = entry.value;
  const readAhead = Math.max(0, Math.floor(options.readAhead ?? 0));
  return { header, expiresAt: entry.expiresAt, staleUntil: entry.staleUntil, [Symbol.asyncIterator]: () => readVersions(partition, key, header, readAhead) };
}

/**
 * Yields the bytes of `key` chunk by chunk as it reads them, never the whole value (see `openChunked`).
 *
 * @example
 * import type { Socket } from "node:net"
 * declare const partition: StorePartition
 * declare const socket: Socket
 * for await (const chunk of readChunked(partition, "video:1")) socket.write(chunk)
 * @throws ChunkedValueError: `missing` when the key holds nothing, `replaced` when the value changed mid-stream,
 * `chunk-lost` when a chunk of the current version is gone (evicted), `not-chunked` for a plain value.
 */
export async function* readChunked(partition: StorePartition, key: string, options: ReadChunkedOptions = {}): AsyncGenerator<Uint8Array, void, undefined> {
  const value = await openChunked(partition, key, options);
  if (value === undefined) throw new ChunkedValueError("missing", key);
  yield* value;
}

const maxRestarts = 3;

async function* readVersions(partition: StorePartition, key: string, first: ChunkedHeader, readAhead: number): AsyncGenerator<Uint8Array, void, undefined> {
  let header = first;
  let yielded = 0;
  for (let restarts = 0; ; restarts += 1) {
    const missing = yield* readVersion(partition, key, header, readAhead, () => (yielded += 1));
    if (missing === undefined) return;
    const current = await readHeader(partition, key);
    const detail = `${missing + 1} of ${header.chunks}, version ${header.version}`;
    if (current !== undefined && current.version === header.version) throw new ChunkedValueError("chunk-lost", key, detail);
    if (yielded > 0 || current === undefined || restarts >= maxRestarts) throw new ChunkedValueError("replaced", key, detail);
    header = current;
  }
}

// Yields the chunks of one version; returns the index of the first missing chunk, or undefined when complete.
async function* readVersion(
  partition: StorePartition,
  key: string,
  header: ChunkedHeader,
  readAhead: number,
  onYield: () => void,
): AsyncGenerator<Uint8Array, number | undefined, undefined> {
  const pending: Promise<StoredEntry | undefined>[] = [];
  let requested = 0;
  for (let index = 0; index < header.chunks; index += 1) {
    while (requested < header.chunks && requested <= index + readAhead) {
      const chunk = requested;
      const read = Promise.resolve().then(() => partition.get(chunkKey(key, header.version, chunk)));
      // A read ahead that the consumer never reaches (it stopped early) must not become an unhandled rejection.
      read.catch(() => undefined);
      pending.push(read);
      requested += 1;
    }
    const entry = await pending.shift();
    if (entry === undefined) return index;
    if (!(entry.value instanceof Uint8Array))
      throw new ChunkedValueError("chunk-lost", key, `${index + 1} of ${header.chunks}, version ${header.version} (not bytes)`);
    onYield();
    yield entry.value;
  }
  return undefined;
}
