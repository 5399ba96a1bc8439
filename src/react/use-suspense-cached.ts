import { useSyncExternalStore } from "react";
import type { ReadValue } from "../types/handles/read.js";
import type { CachedHandle, CachedKey } from "./cached-handle.js";
import type { SuspenseCachedState } from "./cached-state.js";
import { useProvidedRead } from "./layer-provider.js";

/**
 * `useCached` for a `<Suspense>` boundary: the component suspends until the first read answers (on a
 * server too: `renderToReadableStream` and `renderToPipeableStream` wait for it), and a first read
 * that fails goes to the nearest error boundary (a remount reads again). Later changes re-render it
 * with the new value, without suspending again.
 *
 * @example
 * function Greeting() {
 *   const { data: user } = useSuspenseCached(client.own("user_data"), "user:1")
 *   return `Hello ${user?.name ?? "stranger"}`
 * }
 * @throws Error when no `LayerProvider` of the handle's layer is above the component
 */
export function useSuspenseCached<TManifest, TCache extends string, TKey extends string>(
  handle: CachedHandle<TManifest, TCache>,
  key: CachedKey<TManifest, TCache, TKey>,
): SuspenseCachedState<ReadValue<TManifest, TCache>> {
  const read = useProvidedRead(handle, key, "useSuspenseCached");
  const state = useSyncExternalStore(read.subscribe, read.getSnapshot, read.getSnapshot);
  // Thrown promises are how Suspense waits in React 18 and 19 alike (`use` is 19 only).
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (state.status === "pending") throw read.load();
  if (state.status === "error" && !read.succeeded) {
    read.discardIfUnused();
    throw state.error;
  }
  return state as SuspenseCachedState<ReadValue<TManifest, TCache>>;
}
