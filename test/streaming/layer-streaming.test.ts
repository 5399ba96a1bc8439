// Network bandwidth waste (seed disaster 4), end to end: a streaming cache's owner stores chunks, a
// borrower streams through the owner — in process and over loopback HTTP — and holds nothing itself.
// Internal import: the chunk key format (isChunkKey, chunkKey), to count chunk reads and plant orphans, has no public face.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  createLayer,
  defineManifest,
  manualClock,
  memoryStore,
  remoteLayer,
  serveLayer,
  type CacheStore,
  type PartitionOptions,
  type StorePartition,
} from "../../src/index.js";
import { redisStore } from "../../src/redis.js";
import { serveNode } from "../../src/node/index.js";
import { isChunkKey } from "../../src/runtime/streaming/index.js";
import { chunkKey } from "../../src/runtime/streaming/chunk-keys.js";
import { countingPartition } from "./map-partition.js";
import { deleteNamespace, rawClient, REDIS_URL, testNamespace } from "../redis/support.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "1KB" },
    data_cache: { primary: "server", owns: ["data:*"], invalidates: ["video:*"] },
  },
});
const chunkSize = 1024;

// A memory store whose video partition counts the reads it answers (a wrapper, not a mock).
function countedStore(): { store: CacheStore; reads: () => string[]; keys: () => Promise<string[]> } {
  const inner = memoryStore();
  let counted: ReturnType<typeof countingPartition> | undefined;
  const store: CacheStore = {
    kind: "memory",
    partition(cache: string, options: PartitionOptions): StorePartition {
      const partition = inner.partition(cache, options);
      if (cache !== "video_cache") return partition;
      counted ??= countingPartition(partition);
      return counted;
    },
  };
  return {
    store,
    reads: () => counted?.calls.get ?? [],
    keys: async () => {
      const keys: string[] = [];
      for await (const key of inner.partition("video_cache", {}).keys()) keys.push(key);
      return keys;
    },
  };
}

const video = (length: number, seed = 1) => Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff);

async function collect(stream: AsyncIterable<Uint8Array>): Promise<{ data: Uint8Array; chunks: number }> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  const data = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  parts.reduce((offset, part) => (data.set(part, offset), offset + part.byteLength), 0);
  return { data, chunks: parts.length };
}

describe("streaming through layers: the borrower streams through the owner and holds nothing", () => {
  it("in process: the client pulls each chunk once from the edge and stores nothing", async () => {
    const edgeStore = countedStore();
    const clientStore = countedStore();
    const edge = createLayer(app, "edge", { store: edgeStore.store });
    const client = createLayer(app, "client", { store: clientStore.store, remotes: { edge } });
    try {
      const bytes = video(10 * chunkSize + 3);
      await edge.own("video_cache").putStream("video:1", bytes);
      const before = edgeStore.reads().length; // putStream read the old header, if any
      const { data, chunks } = await collect(client.borrow("video_cache").stream("video:1"));
      assert.deepEqual(data, bytes);
      assert.equal(chunks, 11);
      const reads = edgeStore.reads().slice(before);
      assert.equal(reads.filter((key) => key === "video:1").length, 1, "the header is read once");
      assert.equal(new Set(reads.filter(isChunkKey)).size, 11);
      assert.equal(reads.filter(isChunkKey).length, 11, "each chunk is read once");
      assert.deepEqual(await clientStore.keys(), [], "the borrower holds nothing");
      assert.equal((await edgeStore.keys()).length, 1 + 11, "the owner holds the header and 11 chunks");
    } finally {
      await client.close();
      await edge.close();
    }
  });

  it("in process: a borrower that stops after one chunk costs the owner the header and one chunk", async () => {
    const edgeStore = countedStore();
    const edge = createLayer(app, "edge", { store: edgeStore.store });
    const client = createLayer(app, "client", { remotes: { edge } });
    try {
      await edge.own("video_cache").putStream("video:2", video(50 * chunkSize));
      const before = edgeStore.reads().length;
      for await (const chunk of client.borrow("video_cache").stream("video:2")) {
        assert.equal(chunk.byteLength, chunkSize);
        break;
      }
      assert.equal(edgeStore.reads().length - before, 2);
    } finally {
      await client.close();
      await edge.close();
    }
  });

  it("over loopback HTTP: the client streams from the edge's serveLayer and stores nothing", async () => {
    const edgeStore = countedStore();
    const clientStore = countedStore();
    const edge = createLayer(app, "edge", { store: edgeStore.store });
    const server = await serveNode(serveLayer(edge, { expose: ["video_cache"] }));
    const remote = remoteLayer(server.url, { layer: "edge" });
    const client = createLayer(app, "client", { store: clientStore.store, remotes: { edge: remote } });
    try {
      const bytes = video(20 * chunkSize + 17, 3);
      await edge.own("video_cache").putStream("video:3", bytes);
      const before = edgeStore.reads().length;
      const { data } = await collect(client.borrow("video_cache").stream("video:3"));
      assert.deepEqual(data, bytes);
      assert.equal(edgeStore.reads().slice(before).filter(isChunkKey).length, 21, "each chunk crossed once");
      assert.deepEqual(await clientStore.keys(), []);
    } finally {
      await client.close();
      remote.close();
      await server.close();
      await edge.close();
    }
  });
});

describe("streaming through layers: writes and invalidations", () => {
  it("a source that fails half-way through putStream leaves the old video streaming", async () => {
    const edgeStore = countedStore();
    const edge = createLayer(app, "edge", { store: edgeStore.store });
    try {
      const old = video(5 * chunkSize, 4);
      await edge.own("video_cache").putStream("video:4", old);
      async function* broken(): AsyncGenerator<Uint8Array> {
        yield video(3 * chunkSize, 5);
        throw new Error("upload interrupted");
      }
      await assert.rejects(edge.own("video_cache").putStream("video:4", broken()), /upload interrupted/);
      assert.deepEqual((await collect(edge.own("video_cache").stream("video:4"))).data, old);
      assert.equal((await edgeStore.keys()).length, 1 + 5, "no partial chunk left");
    } finally {
      await edge.close();
    }
  });

  it("a write upstream invalidates 'video:<id>' and a pattern invalidation removes every header and chunk at the owner", async () => {
    const edgeStore = countedStore();
    const edge = createLayer(app, "edge", { store: edgeStore.store });
    const server = createLayer(app, "server", { remotes: { edge } });
    try {
      await edge.own("video_cache").putStream("video:5", video(3 * chunkSize));
      await edge.own("video_cache").putStream("video:6", video(2 * chunkSize));
      await edge.own("video_cache").putStream("video:7", video(2 * chunkSize));
      await server.own("data_cache").set("data:5", { changed: true }); // invalidates 'video:*' with the capture: video:5
      assert.equal((await edgeStore.keys()).filter((key) => key.includes("video:5")).length, 0, "video:5 went with its chunks");
      assert.equal((await edgeStore.keys()).length, 2 * (1 + 2), "the other videos stay");
      await edge.own("video_cache").invalidate("video:*");
      assert.deepEqual(await edgeStore.keys(), [], "no orphan chunk survives the pattern invalidation");
    } finally {
      await server.close();
      await edge.close();
    }
  });

  it("on real Redis: chunks under NUL-separated keys round-trip, and a pattern invalidation leaves the namespace empty", async () => {
    const namespace = testNamespace("stream:");
    const store = redisStore(REDIS_URL, { namespace });
    const edge = createLayer(app, "edge", { store });
    try {
      const bytes = video(7 * chunkSize + 5, 9);
      await edge.own("video_cache").putStream("video:8", bytes);
      await edge.own("video_cache").putStream("video:9", video(chunkSize));
      await edge.own("video_cache").putStream("video:8", bytes); // a replacement deletes the old version's chunks
      assert.deepEqual((await collect(edge.own("video_cache").stream("video:8"))).data, bytes);
      const raw = await rawClient();
      try {
        assert.equal((await raw.keys(`${namespace}*`)).length, 1 + 8 + (1 + 1));
        await edge.own("video_cache").invalidate("video:*");
        assert.deepEqual(await raw.keys(`${namespace}*`), []);
      } finally {
        raw.destroy();
      }
    } finally {
      await edge.close();
      await store.close();
      await deleteNamespace(namespace);
    }
  });

  it("layer.sweepChunks deletes chunks no header points at once they are old enough, and nothing else", async () => {
    const clock = manualClock(1_700_000_000_000);
    const store = memoryStore();
    const edge = createLayer(app, "edge", { store, clock });
    try {
      const bytes = video(3 * chunkSize + 1, 4);
      await edge.own("video_cache").putStream("video:1", bytes);
      // What a writer that died mid-value leaves: chunks of a version no header names.
      const partition = store.partition("video_cache", { binary: true });
      for (let index = 0; index < 2; index++)
        await Promise.resolve(partition.set(chunkKey("video:1", "dead-writer", index), { value: video(chunkSize), storedAt: clock.now() }));
      const chunkCount = async () => (await keysOf(partition)).filter(isChunkKey).length;
      assert.equal(await chunkCount(), 4 + 2);
      assert.deepEqual(await edge.sweepChunks(), { video_cache: 0 }, "younger than an hour: maybe a write in progress elsewhere");
      clock.advance(3_600_000);
      assert.deepEqual(await edge.sweepChunks(), { video_cache: 2 });
      assert.equal(await chunkCount(), 4);
      assert.deepEqual((await collect(edge.own("video_cache").stream("video:1"))).data, bytes, "the value's own chunks stay");
    } finally {
      await edge.close();
    }
  });
});

async function keysOf(partition: StorePartition): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of partition.keys()) keys.push(key);
  return keys;
}
