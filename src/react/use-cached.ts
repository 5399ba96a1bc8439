import { useSyncExternalStore } from "react";
import type { ReadValue } from "../types/handles/read.js";
import type { CachedHandle, CachedKey } from "./cached-handle.js";
import type { CachedState } from "./cached-state.js";
import { useProvidedRead } from "./layer-provider.js";

/**
 * The value of `key` read through `handle`, kept current: the component re-renders when the key is
 * written or invalidated (here, in another tab, or at a remote owner). Components of one provider
 * showing one key share one read. On a server it renders `status: "pending"` (it never waits: use
 * `useSuspenseCached` to render the value there). Typed by the handle: the key is checked against
 * the cache's patterns, `data` is the cache's value, read-only.
 *
 * @example
 * function Greeting() {
 *   const { data: user, status } = useCached(client.own("user_data"), "user:1")
 *   return status === "pending" ? "…" : `Hello ${user?.name ?? "stranger"}`
 * }
 * @throws Error when no `LayerProvider` of the handle's layer is above the component
 */
export function useCached<TManifest, TCache extends string, TKey extends string>(
  handle: CachedHandle<TManifest, TCache>,
  key: CachedKey<TManifest, TCache, TKey>,
): CachedState<ReadValue<TManifest, TCache>> {
  const read = useProvidedRead(handle, key, "useCached");
  return useSyncExternalStore(read.subscribe, read.getSnapshot, read.getSnapshot) as CachedState<ReadValue<TManifest, TCache>>;
}
