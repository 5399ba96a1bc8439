import { routeOf, type LayerRoute, type RouteInvalidation, type RouteSource } from "../runtime/contracts/route.js";
import type { LayerEventMap } from "../runtime/events/layer-events.js";

/**
 * What tells of changes to keys: a layer (its own writes and drops, the bus from its other processes
 * or tabs, and its fills), or a route to an owner layer (`remoteLayer(url)`: the owner's event feed).
 *
 * @example
 * const sources: ChangeSource[] = [client, remoteLayer("https://edge.example/", { layer: "edge" })]
 */
export interface ChangeSource {
  /** Every invalidation carried out there: writes, drops, route calls and, on a layer, bus messages. */
  onInvalidate(listener: (invalidation: RouteInvalidation) => void): () => void;
  /** A layer's events: `set` also reports fills (warm-up), which announce nothing. */
  on?(event: "set", listener: (event: LayerEventMap["set"]) => void): () => void;
  /** A layer's own route: its invalidations are the layer's, so it is not followed twice. */
  readonly route?: LayerRoute | undefined;
}

/** The owner layers a reader reaches besides its own: the `remotes` given to `createLayer`. */
export type ChangeRemotes = Readonly<Record<string, RouteSource | undefined>>;

/**
 * Calls `listener` for every change heard from `source` and from the route of each of `remotes`
 * (each route once, however many names it has), as a `RouteInvalidation`: a key written, deleted,
 * filled or dropped, or a pattern dropped. Lazy remotes are resolved now; one with no route yet is
 * skipped. Returns the function that stops following.
 *
 * @example
 * const stop = followChanges(client, { edge }, ({ cache, target, isPattern }) => console.log("changed", cache, target, isPattern))
 */
export function followChanges(source: ChangeSource, remotes: ChangeRemotes, listener: (change: RouteInvalidation) => void): () => void {
  const stops = [source.onInvalidate(listener)];
  if (source.on) stops.push(source.on("set", ({ cache, key }) => listener({ cache, target: key, isPattern: false })));
  const followed = new Set<unknown>([source, source.route]);
  for (const remote of Object.values(remotes)) {
    const route = remote === undefined ? undefined : routeOf(remote);
    if (route === undefined || followed.has(route)) continue;
    followed.add(route);
    stops.push(route.onInvalidate(listener));
  }
  return () => {
    for (const stop of stops) stop();
  };
}
