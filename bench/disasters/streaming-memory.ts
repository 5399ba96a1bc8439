/**
 * Disaster 4, network bandwidth waste — and its memory twin: a 1 GB video must not sit in a process's
 * heap to be served. This streams 256 MB through a 1 MB-chunk cache (putChunked, then readChunked with
 * every chunk discarded) and reports the peak RSS growth of the streaming path, and its throughput
 * against copying the same bytes from memory.
 *
 * What is measured, honestly:
 * - Each phase runs in a fresh child process: RSS never shrinks back after a phase (the allocator
 *   keeps freed pages), so a second phase in one process would start from a polluted baseline.
 * - The store is a file-backed partition: its bytes live in the OS page cache, outside the process,
 *   so RSS growth is the streaming path alone. (A memory store holds all 256 MB in the process; the
 *   last line shows that case with the 256 MB subtracted.)
 * - "GC left to V8" is the real peak: chunks already passed on are dead but wait for the collector,
 *   which V8 runs after some tens of MB of external memory. "Full GC before every chunk" shows what
 *   the streaming path keeps alive. Writes reuse their chunk buffers, so they leave no such garbage;
 *   a read hands each chunk out as a fresh buffer the consumer may keep, so its dead chunks pile up
 *   like those of Node's own file stream, the baseline line.
 *
 * - Through real layers over loopback HTTP: an edge process owns the video (file-backed store) and
 *   serves it with `serveLayer`; a client process borrows it through `remoteLayer` and streams it out.
 *   Both report their own peak RSS growth while the video crosses; a plain `fetch` of the same framed
 *   bytes, pieces discarded, is the client's baseline (the borrower also puts each chunk back together).
 *
 * Run: node --expose-gc --import tsx bench/disasters/streaming-memory.ts [totalMB] [chunkMB]
 */
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { putChunked, readChunked } from "../../src/runtime/streaming/index.js";
import type { StorePartition } from "../../src/runtime/contracts/store.js";
import { filePartition, fileStore } from "./file-partition.js";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { serveLayer } from "../../src/runtime/http/serve-layer.js";
import { remoteLayer } from "../../src/runtime/http/remote-layer.js";
import { serveNode } from "../../src/node/serve-node.js";

const MB = 1024 * 1024;
const [, , first, second, ...rest] = process.argv;
const isChild = first === "--child";
const totalMB = Number((isChild ? rest[1] : first) ?? 256);
const chunkMB = Number((isChild ? rest[2] : second) ?? 1);
const totalBytes = totalMB * MB;
const chunkSize = chunkMB * MB;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

interface PhaseResult {
  readonly ms: number;
  readonly rssGrowth: number;
  readonly arrayBuffersPeak: number;
}

// The upstream: 64 KB pieces out of one reused buffer, like a socket read loop (putChunked copies).
async function* upstream(): AsyncGenerator<Uint8Array> {
  const piece = new Uint8Array(64 * 1024);
  for (let sent = 0; sent < totalBytes; sent += piece.byteLength) {
    piece[0] = sent & 0xff;
    yield piece;
  }
}

// Samples RSS and ArrayBuffer bytes on a 1 ms timer and at every store call, keeping the peaks.
class Peaks {
  rss = 0;
  arrayBuffers = 0;
  readonly #timer = setInterval(() => this.sample(), 1);
  sample(): void {
    const usage = process.memoryUsage();
    this.rss = Math.max(this.rss, usage.rss);
    this.arrayBuffers = Math.max(this.arrayBuffers, usage.arrayBuffers);
  }
  stop(): this {
    clearInterval(this.#timer);
    this.sample();
    return this;
  }
}

// With `collect`, a full GC runs before each sample, so it shows what is alive, not what awaits collection.
function sampled(partition: StorePartition, peaks: Peaks, collect: boolean): StorePartition {
  const before = () => {
    if (collect) gc();
    peaks.sample();
  };
  return {
    get: async (key) => (before(), partition.get(key)),
    set: async (key, entry, ttl) => (before(), partition.set(key, entry, ttl)),
    delete: (key) => partition.delete(key),
    keys: (pattern) => partition.keys(pattern),
    getMany: (keys) => partition.getMany(keys),
    clear: () => partition.clear(),
  };
}

// The platform's own floor for a read: Node's file stream of the same bytes, `chunkSize` at a time,
// every chunk discarded. Like any stream that hands out fresh buffers, it leaves one dead buffer per
// chunk for the collector.
async function nodeFileStream(dir: string): Promise<PhaseResult> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, "video.bin");
  const file = createWriteStream(path);
  for await (const piece of upstream()) if (!file.write(piece)) await once(file, "drain");
  await new Promise((resolve) => file.end(resolve));
  gc();
  const base = process.memoryUsage();
  const peaks = new Peaks();
  const started = performance.now();
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkSize })) {
    peaks.sample();
    read += (chunk as Buffer).byteLength;
  }
  const ms = performance.now() - started;
  peaks.stop();
  if (read !== totalBytes) throw new Error(`read ${read} bytes, expected ${totalBytes}`);
  return { ms, rssGrowth: peaks.rss - base.rss, arrayBuffersPeak: peaks.arrayBuffers - base.arrayBuffers };
}

// The same through a layer's handle (`putStream` / `stream` of an owned streaming cache), on the file store.
async function layerPhase(phase: string, dir: string): Promise<PhaseResult> {
  const edge = createLayerRuntime(videoApp(), "edge", { store: fileStore(join(dir, "layer")) });
  const video = edge.own("video_cache");
  gc();
  const base = process.memoryUsage();
  const peaks = new Peaks();
  const started = performance.now();
  if (phase === "layer-put") await video.putStream("video:1", upstream());
  else {
    let read = 0;
    for await (const chunk of video.stream("video:1")) {
      peaks.sample();
      read += chunk.byteLength;
    }
    if (read !== totalBytes) throw new Error(`read ${read} bytes, expected ${totalBytes}`);
  }
  const ms = performance.now() - started;
  peaks.stop();
  await edge.close(); // the store's files stay for the next phase
  return { ms, rssGrowth: peaks.rss - base.rss, arrayBuffersPeak: peaks.arrayBuffers - base.arrayBuffers };
}

async function runPhase(phase: string, dir: string): Promise<PhaseResult> {
  if (phase === "node-fs") return nodeFileStream(dir);
  if (phase.startsWith("layer-")) return layerPhase(phase, dir);
  const collect = phase.endsWith("-gc");
  const partition: StorePartition = phase.startsWith("map") ? mapPartition() : await filePartition(dir);
  if (phase.startsWith("map")) await putChunked(partition, "video:1", upstream(), { chunkSize }); // the map phase measures reads from memory
  gc();
  const base = process.memoryUsage();
  const peaks = new Peaks();
  const started = performance.now();
  const watched = sampled(partition, peaks, collect);
  if (phase.startsWith("put")) await putChunked(watched, "video:1", upstream(), { chunkSize });
  else {
    let read = 0;
    for await (const chunk of readChunked(watched, "video:1")) read += chunk.byteLength;
    if (read !== totalBytes) throw new Error(`read ${read} bytes, expected ${totalBytes}`);
  }
  const ms = performance.now() - started;
  peaks.stop();
  return { ms, rssGrowth: peaks.rss - base.rss, arrayBuffersPeak: peaks.arrayBuffers - base.arrayBuffers };
}

const videoApp = () =>
  ({
    layers: ["client", "edge", "server"],
    caches: { video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: `${chunkMB}MB` } },
  }) as const;

// The edge process: stores the video, serves it, prints its URL, and measures its RSS until stdin closes.
async function serveEdge(dir: string): Promise<void> {
  const store = fileStore(dir);
  const edge = createLayerRuntime(videoApp(), "edge", { store });
  await edge.own("video_cache").putStream("video:1", upstream());
  const server = await serveNode(serveLayer(edge, { expose: ["video_cache"] }));
  gc();
  const base = process.memoryUsage();
  const peaks = new Peaks();
  console.log(JSON.stringify({ url: server.url }));
  await new Promise((resolve) => process.stdin.on("end", resolve).resume());
  peaks.stop();
  console.log(JSON.stringify({ ms: 0, rssGrowth: peaks.rss - base.rss, arrayBuffersPeak: peaks.arrayBuffers - base.arrayBuffers } satisfies PhaseResult));
  await server.close();
  await edge.close();
  await store.close?.();
}

// The client process: borrows the video from the edge over HTTP and discards every chunk.
async function readOverHttp(url: string): Promise<PhaseResult> {
  const remote = remoteLayer(url, { layer: "edge", timeout: 600_000 });
  const client = createLayerRuntime(videoApp(), "client", { remotes: { edge: remote } });
  gc();
  const base = process.memoryUsage();
  const peaks = new Peaks();
  const started = performance.now();
  let read = 0;
  for await (const chunk of client.borrow("video_cache").stream("video:1")) {
    peaks.sample();
    read += chunk.byteLength;
  }
  const ms = performance.now() - started;
  peaks.stop();
  if (read !== totalBytes) throw new Error(`read ${read} bytes over HTTP, expected ${totalBytes}`);
  await client.close();
  remote.close();
  return { ms, rssGrowth: peaks.rss - base.rss, arrayBuffersPeak: peaks.arrayBuffers - base.arrayBuffers };
}

// The floor for the client: a plain `fetch` of the same framed bytes from the same edge, every piece
// discarded as it arrives (no chunk put back together).
async function fetchOverHttp(url: string): Promise<PhaseResult> {
  gc();
  const base = process.memoryUsage();
  const peaks = new Peaks();
  const started = performance.now();
  const response = await fetch(`${url}c/video_cache?key=video%3A1&stream=1`);
  let read = 0;
  for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) {
    peaks.sample();
    read += piece.byteLength;
  }
  const ms = performance.now() - started;
  peaks.stop();
  if (read < totalBytes) throw new Error(`fetched ${read} bytes, expected at least ${totalBytes}`);
  return { ms, rssGrowth: peaks.rss - base.rss, arrayBuffersPeak: peaks.arrayBuffers - base.arrayBuffers };
}

function mapPartition(): StorePartition {
  const map = new Map<string, { value: unknown; storedAt: number }>();
  return {
    get: (key) => map.get(key),
    getMany: async (keys) => keys.map((key) => map.get(key)),
    set: (key, entry) => void map.set(key, entry.value instanceof Uint8Array ? { ...entry, value: entry.value.slice() } : entry), // stores copy bytes at set
    delete: (key) => map.delete(key),
    async *keys() {
      yield* map.keys();
    },
    clear: async () => map.clear(),
  };
}

// The baseline: copying the same bytes from memory into chunkSize pieces, no store, no awaits.
function copyBaseline(): number {
  // Filled first: a fresh allocation's pages are only mapped on first touch, which is not copying.
  const source = new Uint8Array(totalBytes).fill(7);
  const target = new Uint8Array(chunkSize).fill(0);
  const started = performance.now();
  for (let offset = 0; offset < totalBytes; offset += chunkSize) target.set(source.subarray(offset, offset + chunkSize));
  return performance.now() - started;
}

if (isChild && second === "edge") await serveEdge(rest[0] ?? "");
else if (isChild && second === "http-read") console.log(JSON.stringify(await readOverHttp(rest[0] ?? "")));
else if (isChild && second === "http-fetch") console.log(JSON.stringify(await fetchOverHttp(rest[0] ?? "")));
else if (isChild) {
  console.log(JSON.stringify(await runPhase(second ?? "", rest[0] ?? "")));
} else {
  const dir = join(tmpdir(), `borrowcache-bench-${process.pid}`);
  const self = fileURLToPath(import.meta.url);
  const child = (phase: string): PhaseResult =>
    JSON.parse(
      execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", self, "--child", phase, dir, String(totalMB), String(chunkMB)], { encoding: "utf8" }),
    ) as PhaseResult;
  const fmt = (bytes: number) => `${(bytes / MB).toFixed(1)} MB (${(bytes / chunkSize).toFixed(1)} × chunkSize)`;
  const rate = (ms: number) => `${(totalMB / (ms / 1000)).toFixed(0)} MB/s`;
  try {
    const copyMs = copyBaseline();
    console.log(`streamed ${totalMB} MB in ${chunkMB} MB chunks; target: peak RSS growth under 8 × chunkSize = ${8 * chunkMB} MB`);
    console.log(`baseline: copying the same bytes from memory in ${chunkMB} MB pieces: ${copyMs.toFixed(0)} ms (${rate(copyMs)})`);
    const rows: [string, string][] = [
      ["put", "putChunked  into a file partition, GC left to V8"],
      ["read", "readChunked from a file partition, GC left to V8"],
      ["put-gc", "putChunked  into a file partition, full GC before every chunk"],
      ["read-gc", "readChunked from a file partition, full GC before every chunk"],
      ["map-read", "readChunked from a Map partition (bytes already in this process)"],
      ["layer-put", "cache.putStream through a layer's Owned handle, file store, GC left to V8"],
      ["layer-read", "cache.stream   through a layer's Owned handle, file store, GC left to V8"],
      ["node-fs", "baseline: Node's own fs.createReadStream of the same bytes, highWaterMark = chunkSize"],
    ];
    for (const [phase, label] of rows) {
      const r = child(phase);
      console.log(
        `${label}: ${r.ms.toFixed(0)} ms (${rate(r.ms)}, ${(r.ms / copyMs).toFixed(1)}× the copy); peak RSS growth ${fmt(r.rssGrowth)}; peak ArrayBuffer growth ${fmt(r.arrayBuffersPeak)}`,
      );
    }
    // Through real layers over loopback HTTP: the edge in one process, the client in another.
    const edge = spawn(process.execPath, ["--expose-gc", "--import", "tsx", self, "--child", "edge", join(dir, "edge"), String(totalMB), String(chunkMB)], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: edge.stdout })[Symbol.asyncIterator]();
    try {
      const { url } = JSON.parse(String((await lines.next()).value)) as { url: string };
      const overHttp = (phase: string): PhaseResult =>
        JSON.parse(
          execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", self, "--child", phase, url, String(totalMB), String(chunkMB)], {
            encoding: "utf8",
          }),
        ) as PhaseResult;
      const floor = overHttp("http-fetch");
      const client = overHttp("http-read");
      edge.stdin.end();
      const owner = JSON.parse(String((await lines.next()).value)) as PhaseResult;
      console.log(
        `client borrowing over loopback HTTP (remoteLayer → serveLayer): ${client.ms.toFixed(0)} ms (${rate(client.ms)}); client peak RSS growth ${fmt(client.rssGrowth)}, ArrayBuffers ${fmt(client.arrayBuffersPeak)}; edge (owner) peak RSS growth while serving both reads ${fmt(owner.rssGrowth)}`,
      );
      console.log(
        `baseline: a plain fetch of the same framed bytes from the same edge, pieces discarded: ${floor.ms.toFixed(0)} ms (${rate(floor.ms)}); peak RSS growth ${fmt(floor.rssGrowth)}, ArrayBuffers ${fmt(floor.arrayBuffersPeak)}`,
      );
    } finally {
      if (edge.exitCode === null) edge.kill();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
