// Internal unit: the wire format of streamed values (frames) has no public face beyond serveLayer/remoteLayer.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeFrames, endFrame, frameHead } from "../../src/runtime/http/stream-frames.js";

// The bytes a server sends for `chunks`, cut into pieces where `cuts` says (as a network would).
function wire(chunks: Uint8Array[], cuts: number[]): ReadableStream<Uint8Array> {
  const parts = chunks.flatMap((chunk) => [frameHead(chunk), chunk]).concat(endFrame());
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.byteLength;
  }
  const edges = [...new Set(cuts.map((cut) => cut % (all.byteLength + 1)))].sort((a, b) => a - b);
  const pieces = [0, ...edges, all.byteLength].flatMap((start, i, list) => (i + 1 < list.length ? [all.slice(start, list[i + 1])] : []));
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) if (piece.byteLength > 0) controller.enqueue(piece);
      controller.close();
    },
  });
}

async function decodeAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of decodeFrames(body)) out.push(chunk.slice());
  return out;
}

describe("stream frames: chunk boundaries survive any cut of the wire", () => {
  it("decodes what was framed, exactly, however the bytes are split into pieces", async () => {
    const chunk = fc.uint8Array({ maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 6 }), fc.array(fc.nat(400), { maxLength: 30 }), async (chunks, cuts) => {
        assert.deepEqual(await decodeAll(wire(chunks, cuts)), chunks);
      }),
      { numRuns: 300 },
    );
  });

  it("a chunk spread over many pieces is yielded once, whole", async () => {
    const big = new Uint8Array(100_000).map((_, i) => i & 0xff);
    const cuts = Array.from({ length: 60 }, (_, i) => 5 + i * 1_600);
    assert.deepEqual(await decodeAll(wire([big, new Uint8Array([1])], cuts)), [big, new Uint8Array([1])]);
  });

  it("a wire cut before the end frame, or carrying an unknown frame, is an error, not a shorter value", async () => {
    const cutShort = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(frameHead(new Uint8Array(4)));
        c.enqueue(new Uint8Array(2));
        c.close();
      },
    });
    await assert.rejects(decodeAll(cutShort), /ended before its end frame/);
    const unknown = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([9, 0, 0]));
        c.close();
      },
    });
    await assert.rejects(decodeAll(unknown), /unknown frame kind 9/);
    const trailing = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([0, 1]));
        c.close();
      },
    });
    await assert.rejects(decodeAll(trailing), /bytes after the end frame/);
  });
});
