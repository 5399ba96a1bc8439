import type { StorePartition, StoredEntry } from "../contracts/store.js";
import { readHeader, type ChunkedHeader } from "./chunked-header.js";
import { ChunkedValueError } from "./chunked-value-error.js";
import { chunkKey } from "./chunk-keys.js";
import { queueForKey } from "./key-queue.js";
import { rechunk, type ByteSource } from "./rechunk.js";

/**
 * How `putChunked` stores a value.
 *
 * @example
 * const options: PutChunkedOptions = { chunkSize: 1024 * 1024, ttlMs: 60_000, maxBytes: 50 * 1024 * 1024 }
 */
export interface PutChunkedOptions {
  /** Bytes per chunk (the cache's `chunkSize`); every chunk but the last has exactly this many. */
  readonly chunkSize: number;
  /** The clock for `storedAt` and for the store's ttl. @default Date.now */
  readonly now?: (() => number) | undefined;
  /** How long the store must keep the value (ttl + grace); absent: forever. Chunks never outlive their header's deadline nor die before it. */
  readonly ttlMs?: number | undefined;
  /** End of freshness, recorded on the header's entry. */
  readonly expiresAt?: number | undefined;
  /** End of grace, recorded on the header's entry. */
  readonly staleUntil?: number | undefined;
  /**
   * Refuse a value longer than this many bytes (the cache's `maxSize`): the write stops at the first
   * chunk past it, its chunks are deleted and the old value stays. Absent: no limit.
   */
  readonly maxBytes?: number | undefined;
  /** The error to throw for a value past `maxBytes`, given the bytes seen so far (at least that many). @default ChunkedValueError `too-large` */
  readonly tooLarge?: ((bytesSoFar: number) => Error) | undefined;
  /**
   * Chunk writes in flight at once: a network store (Redis) is then not bound by one round trip per
   * chunk. At most `writeAhead + 1` chunks are held in memory. @default 4
   */
  readonly writeAhead?: number | undefined;
  /** Makes the version id of a new value. @default crypto.randomUUID */
  readonly newVersion?: (() => string) | undefined;
}

/**
 * Stores a byte source under `key` as `chunkSize` chunks plus a header, holding at most
 * `writeAhead + 1` chunks in memory and reusing their buffers, so a long value allocates no buffer
 * per chunk. Chunks go under a new version first and the header is swapped in last, so readers see
 * the old value until the new one is complete; the old version's chunks are deleted after the swap. If
 * the source or the store fails half-way, the chunks written so far are deleted and the old value
 * stays readable. Writes of one key are queued behind each other in this process.
 *
 * @example
 * declare const partition: StorePartition
 * declare const file: Blob // 2.5 MB
 * const header = await putChunked(partition, "video:1", file.stream(), { chunkSize: 1024 * 1024 })
 * //=> { version: "…", chunks: 3, bytes: 2500000, chunkSize: 1048576, storedAt: … }
 * @throws ChunkedValueError (`bad-input`) for a bad chunkSize or a source yielding non-bytes, (`too-large`) past `maxBytes`; the source's or store's own error otherwise.
 */
export function putChunked(partition: StorePartition, key: string, source: ByteSource, options: PutChunkedOptions): Promise<ChunkedHeader> {
  const { chunkSize } = options;
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) {
    return Promise.reject(new ChunkedValueError("bad-input", key, `chunkSize ${String(chunkSize)} is not a positive integer`));
  }
  return queueForKey(partition, key, () => writeVersion(partition, key, source, options));
}

async function writeVersion(partition: StorePartition, key: string, source: ByteSource, options: PutChunkedOptions): Promise<ChunkedHeader> {
  const now = options.now ?? Date.now;
  const version = (options.newVersion ?? newVersionId)();
  // One deadline for the whole value: each write gets what is left of it, so no chunk expires before its header.
  const deadline = options.ttlMs === undefined ? undefined : now() + options.ttlMs;
  const ttlLeft = () => (deadline === undefined ? undefined : Math.max(1, deadline - now()));
  const entry = (value: unknown): StoredEntry => ({ value, storedAt: now(), expiresAt: options.expiresAt, staleUntil: options.staleUntil });

  let chunks = 0;
  let bytes = 0;
  const writeAhead = Math.max(1, Math.floor(options.writeAhead ?? 4));
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  // Full-size pieces go back to rechunk once written: stores copy or send bytes at set (the store contract).
  const spare: Uint8Array[] = [];
  try {
    for await (const piece of rechunk(source, options.chunkSize, key, spare)) {
      if (failure !== undefined) break;
      // Checked before the write: a store with a byte budget would otherwise evict other values for a value it cannot keep.
      if (options.maxBytes !== undefined && bytes + piece.byteLength > options.maxBytes) {
        const seen = bytes + piece.byteLength;
        throw (
          options.tooLarge?.(seen) ?? new ChunkedValueError("too-large", key, `takes at least ${seen} bytes, more than its limit of ${options.maxBytes} bytes`)
        );
      }
      const index = chunks;
      chunks += 1;
      bytes += piece.byteLength;
      const write = Promise.resolve()
        .then(() => partition.set(chunkKey(key, version, index), entry(piece), ttlLeft()))
        .then(
          () => {
            inFlight.delete(write);
            if (piece.byteLength === options.chunkSize) spare.push(piece);
          },
          (error: unknown) => {
            inFlight.delete(write);
            failure ??= { error };
          },
        );
      inFlight.add(write);
      if (inFlight.size >= writeAhead) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure.error;
  } catch (error) {
    // Every started write settles before the cleanup, so none lands after its delete.
    await Promise.all(inFlight);
    await deleteChunks(partition, key, version, chunks);
    throw error;
  }

  const header: ChunkedHeader = { version, chunks, bytes, chunkSize: options.chunkSize, storedAt: now() };
  let previous: ChunkedHeader | undefined;
  try {
    previous = await readHeader(partition, key).catch((error: unknown) => {
      // A plain value under the key is replaced like any old value; only a store failure stops the swap.
      if (error instanceof ChunkedValueError) return undefined;
      throw error;
    });
    await partition.set(key, entry(header), ttlLeft());
  } catch (error) {
    await deleteChunks(partition, key, version, chunks);
    throw error;
  }
  if (previous !== undefined && previous.version !== version) await deleteChunks(partition, key, previous.version, previous.chunks);
  return header;
}

/**
 * Deletes chunks `0 … count-1` of one version, ignoring failures: what a failed delete leaves behind
 * is unreachable (no header points at it) and `sweepChunks` collects it.
 *
 * @example
 * import { readHeader } from "./chunked-header.js"
 * declare const partition: StorePartition
 * const header = await readHeader(partition, "video:1")
 * if (header) await deleteChunks(partition, "video:1", header.version, header.chunks)
 */
export async function deleteChunks(partition: StorePartition, key: string, version: string, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    try {
      await partition.delete(chunkKey(key, version, index));
    } catch {
      // unreachable leftovers: see above
    }
  }
}

function newVersionId(): string {
  return globalThis.crypto.randomUUID();
}
