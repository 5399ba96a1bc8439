/**
 * How a streaming value crosses HTTP with its chunk boundaries kept: each chunk is a frame
 * `[1][length: u32 big-endian][bytes]`, and the stream ends with the frame `[0]`. A borrower then yields
 * the owner's chunks exactly (one pull per chunk), and a response cut before the end frame is an error,
 * not a silently shorter value.
 */

const CHUNK = 1;
const END = 0;

/**
 * The five bytes that open a chunk's frame; the chunk itself follows as it is, so a streamed value is
 * sent without copying its chunks into frames.
 *
 * @example
 * frameHead(new Uint8Array([7])) //=> Uint8Array [1, 0, 0, 0, 1]
 */
export function frameHead(chunk: Uint8Array): Uint8Array {
  const head = new Uint8Array(5);
  head[0] = CHUNK;
  new DataView(head.buffer).setUint32(1, chunk.byteLength);
  return head;
}

/** The frame that ends a stream. @example endFrame() //=> Uint8Array [0] */
export function endFrame(): Uint8Array {
  return new Uint8Array([END]);
}

/**
 * Reads frames from a byte stream and yields their chunks; throws if the stream ends before the end
 * frame or a frame is malformed. Each chunk is allocated once, at its length, and filled from the
 * network's pieces as they come (a frame inside one piece is yielded as a view of it): no piece is
 * copied more than once, however many pieces a chunk spans.
 *
 * @example
 * declare const response: Response & { body: ReadableStream<Uint8Array> }, use: (chunk: Uint8Array) => void
 * for await (const chunk of decodeFrames(response.body)) use(chunk)
 */
export async function* decodeFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  const head = new Uint8Array(5);
  let headFilled = 0;
  let chunk: Uint8Array | undefined; // the frame being filled, once its head is whole
  let chunkFilled = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) throw new Error("the stream ended before its end frame");
      let piece = next.value;
      while (piece.byteLength > 0) {
        if (chunk === undefined) {
          if (headFilled === 0) {
            const kind = piece[0];
            if (kind === END) {
              if (piece.byteLength > 1) throw new Error("bytes after the end frame");
              return;
            }
            if (kind !== CHUNK) throw new Error(`unknown frame kind ${String(kind)}`);
            // The common case: a whole frame inside this piece is passed on without a copy.
            if (piece.byteLength >= 5) {
              const length = new DataView(piece.buffer, piece.byteOffset, 5).getUint32(1);
              if (piece.byteLength >= 5 + length) {
                yield piece.subarray(5, 5 + length);
                piece = piece.subarray(5 + length);
                continue;
              }
            }
          }
          const take = Math.min(5 - headFilled, piece.byteLength);
          head.set(piece.subarray(0, take), headFilled);
          headFilled += take;
          piece = piece.subarray(take);
          if (headFilled < 5) continue;
          chunk = new Uint8Array(new DataView(head.buffer).getUint32(1));
          chunkFilled = 0;
        }
        const take = Math.min(chunk.byteLength - chunkFilled, piece.byteLength);
        chunk.set(piece.subarray(0, take), chunkFilled);
        chunkFilled += take;
        piece = piece.subarray(take);
        if (chunkFilled === chunk.byteLength) {
          const whole = chunk;
          chunk = undefined;
          headFilled = 0;
          yield whole;
        }
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}
