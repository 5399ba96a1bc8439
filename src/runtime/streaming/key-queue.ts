import type { StorePartition } from "../contracts/store.js";

// Per partition and key, the tail of the writes in flight. Writes of one key run one after the other
// in this process, so a replaced version's chunks are always known to the next writer and deleted;
// across processes an interleaving can orphan chunks, which `sweepChunks` collects.
const tails = new WeakMap<StorePartition, Map<string, Promise<unknown>>>();

/**
 * Runs `task` after every earlier task queued for the same partition and key has settled.
 *
 * @example
 * declare const partition: StorePartition
 * await queueForKey(partition, "video:1", async () => partition.delete("video:1")) // after the writes of video:1 in flight
 */
export function queueForKey<TResult>(partition: StorePartition, key: string, task: () => Promise<TResult>): Promise<TResult> {
  let byKey = tails.get(partition);
  if (byKey === undefined) {
    byKey = new Map();
    tails.set(partition, byKey);
  }
  const previous = byKey.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  byKey.set(key, tail);
  // Forget the key once nothing is queued behind this task, so the map does not grow with every key ever written.
  void tail.then(() => {
    if (byKey.get(key) === tail) byKey.delete(key);
  });
  return run;
}
