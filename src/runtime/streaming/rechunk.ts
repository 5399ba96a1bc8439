import { ChunkedValueError } from "./chunked-value-error.js";

/**
 * Bytes from a Web stream, any async iterable (a Node stream, a generator, a `fetch` body), a sync
 * iterable of byte arrays (an array of chunks), or one byte array.
 *
 * @example
 * const source: ByteSource = (await fetch(url)).body!
 */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | Iterable<Uint8Array> | Uint8Array;

/**
 * Cuts a byte source into pieces of exactly `chunkSize` bytes; the last piece may be shorter, and an
 * empty source yields nothing. Each piece is copied out of the source (a source may reuse its
 * buffers) into a buffer taken from `spare` when it holds one, a new one otherwise: a caller that
 * pushes each piece back once it is done with it makes the whole cut allocate only the pieces it
 * holds at once, not one per chunk (a 256 MB value would otherwise leave 256 dead buffers for the
 * collector, which V8 lets pile up to tens of MB).
 *
 * @example
 * declare const file: Blob
 * declare function save(piece: Uint8Array): Promise<void>
 * const spare: Uint8Array[] = []
 * for await (const piece of rechunk(file.stream(), 1024 * 1024, "video:1", spare)) {
 *   await save(piece) // save copies or sends the bytes
 *   spare.push(piece)
 * }
 * @throws ChunkedValueError (`bad-input`) naming `key` when the source yields something that is not a Uint8Array.
 */
export async function* rechunk(source: ByteSource, chunkSize: number, key = "(value)", spare: Uint8Array[] = []): AsyncGenerator<Uint8Array, void, undefined> {
  const nextBuffer = () => spare.pop() ?? new Uint8Array(chunkSize);
  let piece = nextBuffer();
  let filled = 0;
  for await (const input of iterate(source)) {
    if (!(input instanceof Uint8Array)) throw new ChunkedValueError("bad-input", key, `the source yielded ${describe(input)}, not a Uint8Array`);
    let offset = 0;
    while (offset < input.byteLength) {
      const take = Math.min(chunkSize - filled, input.byteLength - offset);
      piece.set(input.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === chunkSize) {
        yield piece;
        piece = nextBuffer();
        filled = 0;
      }
    }
  }
  if (filled > 0) yield piece.subarray(0, filled);
}

// Safari's ReadableStream is not async-iterable, so a Web stream is read through its reader; the
// reader is cancelled when the consumer stops early or fails, which releases the producer.
async function* iterate(source: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  // A byte array is itself iterable (of numbers): it is one piece, not a sequence of them.
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (!isReadableStream(source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function isReadableStream(source: Exclude<ByteSource, Uint8Array>): source is ReadableStream<Uint8Array> {
  return typeof (source as ReadableStream<Uint8Array>).getReader === "function";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return `a ${value.constructor?.name ?? "object"}`;
  return `a ${typeof value}`;
}
