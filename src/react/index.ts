/**
 * `borrowcache/react`: React components read a layer's caches through its handles and re-render when
 * a key changes — in this tab, in another tab (`broadcastBus`) or at a remote owner (its event feed).
 * React 18 and 19 (a peer dependency).
 *
 * @example
 * import { createElement } from "react"
 * function Greeting() {
 *   const { data: user } = useCached(client.own("user_data"), "user:1") // import { LayerProvider, useCached } from "borrowcache/react"
 *   return `Hello ${user?.name ?? "stranger"}`
 * }
 * createElement(LayerProvider, { layer: client, remotes: { edge } }, createElement(Greeting))
 */
export { LayerProvider } from "./layer-provider.js";
export type { LayerProviderProps } from "./layer-provider.js";
export { useCached } from "./use-cached.js";
export { useSuspenseCached } from "./use-suspense-cached.js";
export type { CachedState, SuspenseCachedState } from "./cached-state.js";
export type { CachedHandle, CachedKey } from "./cached-handle.js";
export type { ProvidedLayer } from "./cached-reads.js";
export type { ChangeSource, ChangeRemotes } from "./follow-changes.js";
