/**
 * How a streaming value crosses HTTP with its chunk boundaries kept: each chunk is a frame
 * `[1][length: u32 big-endian][bytes]`, and the stream ends with the frame `[0]`. A borrower then yields
 * the owner's chunks exactly (one pull per chunk), and a response cut before the end frame is an error,
 * not a silently shorter value.
 */

const CHUNK = 1;
const END = 0;

/**
 * One chunk as a frame.
 *
 * @example
 * encodeFrame(new Uint8Array([7])) //=> Uint8Array [1, 0, 0, 0, 1, 7]
 */
export function encodeFrame(chunk: Uint8Array): Uint8Array {
  const frame = new Uint8Array(5 + chunk.byteLength);
  frame[0] = CHUNK;
  new DataView(frame.buffer).setUint32(1, chunk.byteLength);
  frame.set(chunk, 5);
  return frame;
}

/** The frame that ends a stream. @example endFrame() //=> Uint8Array [0] */
export function endFrame(): Uint8Array {
  return new Uint8Array([END]);
}

/**
 * Reads frames from a byte stream and yields their chunks; throws if the stream ends before the end
 * frame or a frame is malformed.
 *
 * @example
 * for await (const chunk of decodeFrames(response.body)) use(chunk)
 */
export async function* decodeFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let buffered: Uint8Array = new Uint8Array(0);
  let done = false;
  try {
    for (;;) {
      // Take every whole frame already buffered.
      for (;;) {
        if (buffered.byteLength === 0) break;
        const kind = buffered[0];
        if (kind === END) {
          if (buffered.byteLength > 1) throw new Error("bytes after the end frame");
          return;
        }
        if (kind !== CHUNK) throw new Error(`unknown frame kind ${String(kind)}`);
        if (buffered.byteLength < 5) break;
        const length = new DataView(buffered.buffer, buffered.byteOffset, 5).getUint32(1);
        if (buffered.byteLength < 5 + length) break;
        yield buffered.slice(5, 5 + length);
        buffered = buffered.subarray(5 + length);
      }
      if (done) throw new Error("the stream ended before its end frame");
      const next = await reader.read();
      if (next.done) done = true;
      else buffered = concat(buffered, next.value);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
