import { createContext, createElement, useContext, useEffect, useMemo, useState, type ReactElement, type ReactNode } from "react";
import { CachedReads, type ProvidedLayer } from "./cached-reads.js";
import type { ChangeRemotes } from "./follow-changes.js";

/** The props of `LayerProvider`. */
export interface LayerProviderProps {
  /** The layer whose handles the components below read: `createLayer(app, "client", …)`. */
  readonly layer: ProvidedLayer;
  /**
   * The owner layers the layer borrows from, as given to `createLayer` (`{ edge: remoteLayer(url) }`):
   * their invalidations (a remote owner's event feed) re-render the components showing a borrowed
   * key. Read when the provider mounts. @default {}
   */
  readonly remotes?: ChangeRemotes | undefined;
  readonly children?: ReactNode;
}

/** The reads of every provider above, by layer name: a handle is read in the provider of its layer. */
const LayerReads = createContext<ReadonlyMap<string, CachedReads>>(new Map());

/**
 * Gives the components below it `useCached` and `useSuspenseCached` for the handles of `layer`: one
 * shared read per key, and re-renders when a key changes — written or dropped in this tab, in another
 * tab (the layer's bus, `broadcastBus`), or at a remote owner (its event feed, through `remotes`).
 * Providers of several layers nest. Put `<Suspense>` boundaries inside it: React keeps no state of a
 * tree that suspends before it first mounts, the provider's reads included. Renders on a server
 * (`react-dom/server`) without touching a browser global: changes are followed only once mounted.
 *
 * @example
 * import { createElement } from "react"
 * import { createRoot } from "react-dom/client"
 * declare function App(): null
 * createRoot(document.body).render(createElement(LayerProvider, { layer: client, remotes: { edge } }, createElement(App)))
 */
export function LayerProvider({ layer, remotes, children }: LayerProviderProps): ReactElement {
  const parent = useContext(LayerReads);
  const [held, setHeld] = useState(() => new CachedReads(layer, remotes));
  let reads = held;
  if (reads.layer !== layer) {
    // Another layer: its own reads, from this render on (setting state while rendering re-renders at once).
    reads = new CachedReads(layer, remotes);
    setHeld(reads);
  }
  // Changes are followed for as long as the provider is mounted, so a key read before its component
  // mounts (a suspended render) is not left to miss a change.
  useEffect(() => reads.follow(), [reads]);
  const value = useMemo(() => new Map([...parent, [layer.name, reads]]), [parent, layer.name, reads]);
  return createElement(LayerReads.Provider, { value }, children);
}

/**
 * The shared read of `key` through `handle`, from the provider of the handle's layer, for a hook called `caller`.
 *
 * @example
 * const read = useProvidedRead(client.own("user_data"), "user:1", "useCached")
 * @throws Error when no `LayerProvider` of the handle's layer is above the component
 */
export function useProvidedRead(handle: unknown, key: string, caller: string) {
  const providers = useContext(LayerReads);
  const { layer, cache } = (handle ?? {}) as { layer?: unknown; cache?: unknown };
  const reads = typeof layer === "string" ? providers.get(layer) : undefined;
  if (!reads) {
    const within = providers.size === 0 ? "none" : [...providers.keys()].map((name) => `'${name}'`).join(", ");
    throw new Error(
      `✗ ${caller}('${key}') reads cache '${String(cache)}' of layer '${String(layer)}', but no LayerProvider of that layer is above it (providers: ${within}) — wrap the tree in <LayerProvider layer={…}> of layer '${String(layer)}'`,
    );
  }
  return reads.read(handle, key, caller);
}
