// Internal unit: the chunked-value engine (putChunked, readChunked, …) on a bare partition; layers reach it through putStream/stream.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  putChunked,
  readChunked,
  openChunked,
  deleteChunked,
  invalidateChunked,
  sweepChunks,
  dropEvicted,
  isChunkKey,
  ChunkedValueError,
} from "../../src/runtime/streaming/index.js";
import { mapPartition, countingPartition } from "./map-partition.js";
import type { StoredEntry } from "../../src/index.js";

const chunkSize = 16;

function bytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

// Feeds `data` in uneven pieces, so re-chunking is exercised across piece boundaries.
async function* pieces(data: Uint8Array, sizes = [5, 1, 23, 7]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for (let i = 0; offset < data.byteLength; i += 1) {
    const size = sizes[i % sizes.length] ?? 1;
    yield data.slice(offset, offset + size);
    offset += size;
  }
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<{ data: Uint8Array; sizes: number[] }> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  const data = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.byteLength;
  }
  return { data, sizes: parts.map((p) => p.byteLength) };
}

describe("streaming: a value is stored as chunkSize chunks plus a header", () => {
  for (const size of [0, 1, chunkSize - 1, chunkSize, 10 * chunkSize + 3]) {
    it(`round-trips ${size} bytes, every chunk but the last exactly chunkSize`, async () => {
      const partition = mapPartition();
      const data = bytes(size);
      const header = await putChunked(partition, "video:1", pieces(data), { chunkSize, now: () => 1000, expiresAt: 5000, staleUntil: 9000 });
      const opened = await openChunked(partition, "video:1");
      assert.deepEqual([opened?.expiresAt, opened?.staleUntil], [5000, 9000], "the header entry carries the value's times");
      assert.equal(header.bytes, size);
      assert.equal(header.chunks, Math.ceil(size / chunkSize));
      assert.equal(header.storedAt, 1000);
      const { data: out, sizes } = await collect(readChunked(partition, "video:1"));
      assert.deepEqual(out, data);
      assert.ok(sizes.slice(0, -1).every((s) => s === chunkSize));
      assert.equal(partition.entries.size, 1 + header.chunks);
    });
  }

  it("accepts a Web ReadableStream as the source", async () => {
    const partition = mapPartition();
    const data = bytes(50);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(data.slice(0, 20));
        controller.enqueue(data.slice(20));
        controller.close();
      },
    });
    await putChunked(partition, "video:web", stream, { chunkSize });
    assert.deepEqual((await collect(readChunked(partition, "video:web"))).data, data);
  });

  it("replacing a value swaps the header last and deletes the old chunks", async () => {
    const partition = countingPartition(mapPartition());
    await putChunked(partition, "video:1", pieces(bytes(40, 1)), { chunkSize });
    const second = bytes(20, 2);
    await putChunked(partition, "video:1", pieces(second), { chunkSize });
    const setsOfSecond = partition.calls.set.slice(3);
    assert.equal(setsOfSecond.at(-1), "video:1", "the header is written after every chunk");
    assert.deepEqual((await collect(readChunked(partition, "video:1"))).data, second);
    const left: string[] = [];
    for await (const key of partition.keys()) left.push(key);
    assert.equal(left.length, 1 + 2, "only the new header and its two chunks remain");
  });
});

describe("streaming: a failed write leaves the old value", () => {
  it("a source that fails half-way leaves the old value readable and removes the partial chunks", async () => {
    const partition = mapPartition();
    const old = bytes(70, 3);
    await putChunked(partition, "video:1", pieces(old), { chunkSize });
    const before = new Set(partition.entries.keys());
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield bytes(40, 4);
      throw new Error("upstream connection reset");
    }
    await assert.rejects(putChunked(partition, "video:1", failing(), { chunkSize }), /upstream connection reset/);
    assert.deepEqual(new Set(partition.entries.keys()), before, "no partial chunk is left behind");
    assert.deepEqual((await collect(readChunked(partition, "video:1"))).data, old);
  });

  it("a store that fails on a chunk write leaves the old value and no partial chunks", async () => {
    const inner = mapPartition();
    await putChunked(inner, "video:1", pieces(bytes(30, 5)), { chunkSize });
    const before = new Set(inner.entries.keys());
    let chunkWrites = 0;
    const partition = countingPartition(inner, (method, key) => method === "set" && isChunkKey(key) && ++chunkWrites === 3);
    await assert.rejects(putChunked(partition, "video:1", pieces(bytes(100, 6)), { chunkSize }), /injected set failure/);
    assert.deepEqual(new Set(inner.entries.keys()), before);
    assert.deepEqual((await collect(readChunked(inner, "video:1"))).data, bytes(30, 5));
  });

  it("a source yielding something that is not bytes is refused, naming the key", async () => {
    const partition = mapPartition();
    async function* strings(): AsyncGenerator<Uint8Array> {
      yield "not bytes" as unknown as Uint8Array;
    }
    await assert.rejects(putChunked(partition, "video:9", strings(), { chunkSize }), (error: unknown) => {
      assert.ok(error instanceof ChunkedValueError);
      assert.equal(error.reason, "bad-input");
      assert.match(error.message, /'video:9'.*a string, not a Uint8Array/);
      return true;
    });
    assert.equal(partition.entries.size, 0);
  });

  it("a chunkSize that is not a positive integer is refused", async () => {
    await assert.rejects(putChunked(mapPartition(), "video:1", pieces(bytes(3)), { chunkSize: 0 }), /chunkSize 0 is not a positive integer/);
  });
});

describe("streaming: chunks are read lazily", () => {
  it("a consumer that stops after the first chunk reads the header and one chunk only", async () => {
    const inner = mapPartition();
    await putChunked(inner, "video:1", pieces(bytes(10 * chunkSize)), { chunkSize });
    const partition = countingPartition(inner);
    for await (const chunk of readChunked(partition, "video:1")) {
      assert.equal(chunk.byteLength, chunkSize);
      break;
    }
    assert.equal(partition.calls.get.length, 2);
    assert.equal(partition.calls.get[0], "video:1");
    assert.ok(isChunkKey(partition.calls.get[1] ?? ""));
  });

  it("reads chunk n only when the consumer asks for it", async () => {
    const inner = mapPartition();
    await putChunked(inner, "video:1", pieces(bytes(5 * chunkSize)), { chunkSize });
    const partition = countingPartition(inner);
    const value = await openChunked(partition, "video:1");
    assert.ok(value);
    assert.equal(value.header.chunks, 5);
    assert.equal(value.expiresAt, undefined);
    const iterator = value[Symbol.asyncIterator]();
    assert.equal(partition.calls.get.length, 1, "opening reads the header only");
    await iterator.next();
    await iterator.next();
    assert.equal(partition.calls.get.length, 3);
  });

  it("a missing key is undefined from openChunked and a clear error from readChunked", async () => {
    const partition = mapPartition();
    assert.equal(await openChunked(partition, "video:404"), undefined);
    await assert.rejects(collect(readChunked(partition, "video:404")), /'video:404' holds no streamed value/);
  });

  it("a plain value under the key fails clearly instead of yielding garbage", async () => {
    const partition = mapPartition();
    partition.entries.set("video:1", { value: { title: "x" }, storedAt: 0 });
    await assert.rejects(collect(readChunked(partition, "video:1")), /'video:1' holds a value that was not stored in chunks/);
  });
});

describe("streaming: a value replaced while it is read", () => {
  it("restarts from the new header when nothing was yielded yet", async () => {
    const partition = mapPartition();
    await putChunked(partition, "video:1", pieces(bytes(40, 1)), { chunkSize });
    const value = await openChunked(partition, "video:1");
    assert.ok(value);
    const replacement = bytes(33, 2);
    await putChunked(partition, "video:1", pieces(replacement), { chunkSize });
    assert.deepEqual((await collect(value)).data, replacement);
  });

  it("throws 'replaced' when the value changes after bytes were yielded", async () => {
    const partition = mapPartition();
    await putChunked(partition, "video:1", pieces(bytes(40, 1)), { chunkSize });
    const iterator = readChunked(partition, "video:1");
    await iterator.next();
    await putChunked(partition, "video:1", pieces(bytes(40, 2)), { chunkSize });
    await assert.rejects(iterator.next(), (error: unknown) => error instanceof ChunkedValueError && error.reason === "replaced");
  });

  it("throws 'chunk-lost' when a chunk of the current version was evicted", async () => {
    const partition = mapPartition();
    await putChunked(partition, "video:1", pieces(bytes(40, 1)), { chunkSize });
    const lost = [...partition.entries.keys()].find((key) => isChunkKey(key) && key.includes("\u00001\u0000"));
    assert.ok(lost);
    partition.entries.delete(lost);
    await assert.rejects(collect(readChunked(partition, "video:1")), /chunk 2 of 3, version .* is missing/);
  });
});

describe("streaming: deletes and pattern invalidation go through the header", () => {
  it("deleteChunked removes the header and every chunk", async () => {
    const partition = mapPartition();
    await putChunked(partition, "video:1", pieces(bytes(50)), { chunkSize });
    assert.equal(await deleteChunked(partition, "video:1"), true);
    assert.equal(partition.entries.size, 0);
    assert.equal(await deleteChunked(partition, "video:1"), false);
  });

  it("a pattern lists headers, never chunks, and invalidateChunked leaves nothing behind", async () => {
    const partition = mapPartition();
    await putChunked(partition, "video:1", pieces(bytes(50)), { chunkSize });
    await putChunked(partition, "video:2", pieces(bytes(20)), { chunkSize });
    await putChunked(partition, "audio:1", pieces(bytes(20)), { chunkSize });
    const listed: string[] = [];
    for await (const key of partition.keys("video:*")) listed.push(key);
    assert.deepEqual(listed.sort(), ["video:1", "video:2"]);
    assert.equal(await invalidateChunked(partition, "video:*"), 2);
    assert.equal(await invalidateChunked(partition, "*"), 1, "a '*' pattern skips chunk keys and deletes through headers");
    assert.equal(partition.entries.size, 0);
  });

  it("sweepChunks deletes chunks no header points at, once they are old enough", async () => {
    const partition = mapPartition();
    let clock = 1_000;
    const now = () => clock;
    await putChunked(partition, "video:1", pieces(bytes(50)), { chunkSize, now });
    await putChunked(partition, "video:2", pieces(bytes(50)), { chunkSize, now });
    partition.entries.delete("video:2"); // a header deleted behind the engine's back: its 4 chunks are orphans
    assert.equal(await sweepChunks(partition, { now, minAgeMs: 10 }), 0, "too young: may be a write in progress");
    clock += 10;
    assert.equal(await sweepChunks(partition, { now, minAgeMs: 10 }), 4);
    assert.deepEqual((await collect(readChunked(partition, "video:1"))).data, bytes(50));
  });

  it("concurrent replacements of one key leave exactly one version's chunks", async () => {
    const partition = mapPartition();
    await Promise.all([1, 2, 3, 4].map((seed) => putChunked(partition, "video:1", pieces(bytes(40, seed)), { chunkSize })));
    assert.equal(partition.entries.size, 1 + 3);
    assert.deepEqual((await collect(readChunked(partition, "video:1"))).data, bytes(40, 4));
  });
});

describe("streaming: sources", () => {
  it("accepts one byte array, and an array of byte arrays", async () => {
    const partition = mapPartition();
    const data = bytes(40);
    await putChunked(partition, "video:a", data, { chunkSize });
    assert.deepEqual((await collect(readChunked(partition, "video:a"))).data, data);
    await putChunked(partition, "video:b", [data.slice(0, 3), data.slice(3)], { chunkSize });
    assert.deepEqual((await collect(readChunked(partition, "video:b"))).data, data);
  });

  it("stops a Web stream it no longer reads when the store fails", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(bytes(chunkSize));
      },
      cancel() {
        cancelled = true;
      },
    });
    const partition = countingPartition(mapPartition(), (method, key) => method === "set" && isChunkKey(key));
    await assert.rejects(putChunked(partition, "video:1", stream, { chunkSize }), /injected set failure/);
    assert.equal(cancelled, true);
  });
});

describe("streaming: byte budgets and evictions", () => {
  it("a value past maxBytes is refused at the first chunk past it; the old value stays and nothing partial is left", async () => {
    const partition = mapPartition();
    await putChunked(partition, "video:1", bytes(20), { chunkSize });
    const before = new Set(partition.entries.keys());
    let pulled = 0;
    async function* big(): AsyncGenerator<Uint8Array> {
      for (; pulled < 100; pulled += 1) yield bytes(chunkSize);
    }
    await assert.rejects(putChunked(partition, "video:1", big(), { chunkSize, maxBytes: 3 * chunkSize }), (error: unknown) => {
      assert.ok(error instanceof ChunkedValueError);
      assert.equal(error.reason, "too-large");
      assert.match(error.message, /'video:1' takes at least 64 bytes, more than its limit of 48 bytes/);
      return true;
    });
    assert.ok(pulled <= 5, `the source was not drained (${pulled} pieces pulled)`);
    assert.deepEqual(new Set(partition.entries.keys()), before);
    await assert.rejects(
      putChunked(partition, "video:2", bytes(40), { chunkSize, maxBytes: 39, tooLarge: (seen) => new RangeError(`custom ${seen}`) }),
      /custom 40/,
    );
    await putChunked(partition, "video:3", bytes(48), { chunkSize, maxBytes: 48 });
  });

  it("dropEvicted deletes the value a current chunk belonged to, and ignores stale chunks", async () => {
    const partition = mapPartition();
    await putChunked(partition, "video:1", bytes(40), { chunkSize });
    const [evicted] = [...partition.entries.keys()].filter(isChunkKey);
    assert.ok(evicted);
    partition.entries.delete(evicted); // the store evicted it
    assert.equal(await dropEvicted(partition, evicted), true);
    assert.equal(partition.entries.size, 0, "header and remaining chunks are gone: the next read is a miss");
    assert.equal(await openChunked(partition, "video:1"), undefined);
    assert.equal(await dropEvicted(partition, "video:1"), false, "not a chunk key");
    await putChunked(partition, "video:2", bytes(40), { chunkSize });
    assert.equal(await dropEvicted(partition, evicted.replace("video:1", "video:2")), false, "a chunk of another version drops nothing");
    assert.equal(partition.entries.size, 4);
  });

  it("dropEvicted of a header deletes the chunks it pointed at", async () => {
    const partition = mapPartition();
    await putChunked(partition, "video:1", bytes(40), { chunkSize });
    const header = partition.entries.get("video:1");
    assert.ok(header);
    partition.entries.delete("video:1"); // the store evicted the header
    assert.equal(await dropEvicted(partition, "video:1", header), true);
    assert.equal(partition.entries.size, 0);
    assert.equal(await dropEvicted(partition, "video:2", { value: { plain: true }, storedAt: 0 }), false, "a plain value drops nothing else");
  });
});

describe("streaming: chunk writes in flight", () => {
  // A partition whose chunk writes take a few event-loop turns, so overlapping writes are observed.
  function slowPartition(failAt?: number) {
    const inner = mapPartition();
    let inFlight = 0;
    let peak = 0;
    let chunkWrites = 0;
    const partition = {
      ...inner,
      entries: inner.entries,
      async set(key: string, entry: StoredEntry) {
        if (!isChunkKey(key)) return inner.set(key, entry);
        const n = ++chunkWrites;
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        if (n === failAt) throw new Error(`injected failure of chunk write ${n}`);
        return inner.set(key, entry);
      },
    };
    return { partition, peak: () => peak };
  }

  it("keeps at most writeAhead chunk writes in flight, and the value is whole", async () => {
    const { partition, peak } = slowPartition();
    const data = bytes(20 * chunkSize + 5);
    await putChunked(partition, "video:1", pieces(data), { chunkSize, writeAhead: 3 });
    assert.equal(peak(), 3);
    assert.deepEqual((await collect(readChunked(partition, "video:1"))).data, data);
  });

  it("reuses the buffers of written chunks: a 40-chunk value is cut into at most writeAhead + 1 buffers", async () => {
    const { partition } = slowPartition();
    const buffers = new Set<ArrayBufferLike>();
    const watched = {
      ...partition,
      set: (key: string, entry: StoredEntry) => (isChunkKey(key) && buffers.add((entry.value as Uint8Array).buffer), partition.set(key, entry)),
    };
    const data = bytes(40 * chunkSize + 5);
    await putChunked(watched, "video:1", pieces(data), { chunkSize, writeAhead: 3 });
    assert.ok(buffers.size <= 4, `${buffers.size} buffers for 41 chunks`);
    assert.deepEqual((await collect(readChunked(partition, "video:1"))).data, data, "reuse never changes a stored chunk");
  });

  it("a failed write among several in flight leaves the old value and no chunk of the new one, even late ones", async () => {
    const { partition } = slowPartition(5);
    partition.entries.clear();
    await putChunked(mapPartitionInto(partition.entries), "video:1", bytes(30, 7), { chunkSize });
    const before = new Set(partition.entries.keys());
    await assert.rejects(putChunked(partition, "video:1", pieces(bytes(20 * chunkSize)), { chunkSize, writeAhead: 4 }), /injected failure of chunk write 5/);
    assert.deepEqual(new Set(partition.entries.keys()), before);
    assert.deepEqual((await collect(readChunked(partition, "video:1"))).data, bytes(30, 7));
  });
});

// A Map partition over an existing Map, to seed a value without the slow writes.
function mapPartitionInto(entries: Map<string, StoredEntry>) {
  const partition = mapPartition();
  return {
    ...partition,
    get: (key: string) => entries.get(key),
    set: (key: string, entry: StoredEntry) => void entries.set(key, entry),
    delete: (key: string) => entries.delete(key),
  };
}

describe("streaming: read-ahead", () => {
  it("readAhead n reads at most n chunks past the one the consumer asked for, and the bytes are the same", async () => {
    const inner = mapPartition();
    const data = bytes(10 * chunkSize + 3);
    await putChunked(inner, "video:1", pieces(data), { chunkSize });
    const partition = countingPartition(inner);
    const iterator = readChunked(partition, "video:1", { readAhead: 2 });
    await iterator.next();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(partition.calls.get.length, 1 + 3, "the header, the chunk asked for and two ahead");
    await iterator.return(undefined);
    assert.deepEqual((await collect(readChunked(inner, "video:1", { readAhead: 3 }))).data, data);
  });
});
