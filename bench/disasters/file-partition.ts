import { mkdirSync } from "node:fs";
import { mkdir, open, readdir, readFile, rm, unlink } from "node:fs/promises";
import { join } from "node:path";
import { matchesPattern } from "../../src/runtime/pattern/index.js";
import type { CacheStore, StoredEntry, StorePartition } from "../../src/runtime/contracts/store.js";

// A StorePartition that keeps every entry in a file, so the bytes it holds live in the OS page cache
// and not in this process: what the streaming benchmark measures is then the streaming path alone.
// Benchmark scaffolding, not a store of the library.

const bytesTag = 1;
const jsonTag = 2;

/** A file-backed store for a layer: one directory per cache under `dir`. */
export function fileStore(dir: string): CacheStore {
  const partitions = new Map<string, StorePartition>();
  return {
    kind: "file",
    partition(cache) {
      let partition = partitions.get(cache);
      if (partition === undefined) {
        const cacheDir = join(dir, cache);
        mkdirSync(cacheDir, { recursive: true });
        partition = openPartition(cacheDir);
        partitions.set(cache, partition);
      }
      return partition;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A file-backed partition in `dir` (created; removed by `destroy`). */
export async function filePartition(dir: string): Promise<StorePartition & { destroy(): Promise<void> }> {
  await mkdir(dir, { recursive: true });
  return openPartition(dir);
}

function openPartition(dir: string): StorePartition & { destroy(): Promise<void> } {
  const pathOf = (key: string) => join(dir, Buffer.from(key).toString("base64url"));
  const get = async (key: string): Promise<StoredEntry | undefined> => {
    let file: Buffer;
    try {
      file = await readFile(pathOf(key));
    } catch {
      return undefined;
    }
    const storedAt = file.readDoubleLE(1);
    const payload = file.subarray(9);
    const value =
      file[0] === bytesTag ? new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength) : (JSON.parse(payload.toString("utf8")) as unknown);
    return { value, storedAt } satisfies StoredEntry;
  };
  return {
    get,
    getMany: (keys) => Promise.all(keys.map(get)),
    async set(key, entry) {
      const isBytes = entry.value instanceof Uint8Array;
      const head = Buffer.alloc(9);
      head[0] = isBytes ? bytesTag : jsonTag;
      head.writeDoubleLE(entry.storedAt, 1);
      const payload = isBytes ? entry.value : Buffer.from(JSON.stringify(entry.value));
      // Two writes through one handle: no copy of the chunk into a joined buffer.
      const file = await open(pathOf(key), "w");
      try {
        await file.writev([head, payload]);
      } finally {
        await file.close();
      }
    },
    async delete(key) {
      try {
        await unlink(pathOf(key));
        return true;
      } catch {
        return false;
      }
    },
    async *keys(pattern) {
      for (const name of await readdir(dir)) {
        const key = Buffer.from(name, "base64url").toString();
        if (pattern === undefined || matchesPattern(pattern, key)) yield key;
      }
    },
    async clear() {
      for (const name of await readdir(dir)) await unlink(join(dir, name));
    },
    async destroy() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
