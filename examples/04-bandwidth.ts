/**
 * Seed disaster 4 — network bandwidth waste.
 *
 * Without a borrow checker the edge downloads a 1 GB video and the client downloads the same 1 GB
 * again, each keeping a copy: 2 GB moved for 1 GB of data, and the whole value in memory at once.
 *
 * With borrowcache the manifest says the edge owns `video:*` and streams it in `chunkSize` pieces.
 * `tsc` refuses `get`/`set` on a streaming cache (they would move the whole value at once); the owner
 * stores chunks plus a header, and a borrower streams *through* the owner, pulling each chunk once
 * and holding nothing itself.
 *
 * Run: node --import tsx examples/04-bandwidth.ts
 */
import { BorrowError, createLayer, defineManifest, memoryStore } from "../src/index.js";

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "64KB" },
  },
});

const edgeStore = memoryStore();
const clientStore = memoryStore();
const edge = createLayer(app, "edge", { store: edgeStore });
const client = createLayer(app, "client", { store: clientStore, remotes: { edge } });

// The upstream: 4 MB of "video" arriving in odd-sized network reads; the edge re-chunks it to 64 KB.
async function* upload(): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < 4 * 1024 * 1024; sent += 10_000) yield new Uint8Array(Math.min(10_000, 4 * 1024 * 1024 - sent)).fill(sent & 0xff);
}
await edge.own("video_cache").putStream("video:123", upload());

// What `tsc` rejects (never called: it would not compile without the directives).
export function rejectedByTsc() {
  // @ts-expect-error ✗ cannot get from cache 'video_cache': it streams — use stream(key)
  void client.borrow("video_cache").get("video:123");
  // @ts-expect-error ✗ cannot set in cache 'video_cache': it streams — use putStream(key, source)
  void edge.own("video_cache").set("video:123", new Uint8Array(1));
}

// What the runtime does instead, for JavaScript callers and casts: the same text, as a BorrowError.
try {
  await (client.borrow("video_cache") as unknown as { get(key: string): Promise<unknown> }).get("video:123");
} catch (error) {
  if (error instanceof BorrowError) console.log(`runtime twin (${error.rule}): ${error.message}`);
}

// The client plays the video: chunk by chunk, through the edge, nothing kept at the client.
let chunks = 0;
let bytes = 0;
let largest = 0;
for await (const chunk of client.borrow("video_cache").stream("video:123")) {
  chunks += 1;
  bytes += chunk.byteLength;
  largest = Math.max(largest, chunk.byteLength);
}
console.log(`client streamed ${bytes} bytes in ${chunks} chunks (largest ${largest} bytes): never the whole value at once`);

const keysIn = async (store: typeof edgeStore) => {
  let count = 0;
  for await (const _key of store.partition("video_cache", {}).keys()) count += 1;
  return count;
};
console.log(
  `client store holds ${await keysIn(clientStore)} entries for video_cache; the edge holds ${await keysIn(edgeStore)} (1 header + ${chunks} chunks): one copy, at its owner`,
);

await client.close();
await edge.close();
