/**
 * The layers of a manifest that names none: nearest the user first, the origin last.
 *
 * @example
 * defaultLayers //=> ["client", "edge", "server"], the layers modelOf({ caches: {} }) reads
 */
export const defaultLayers: readonly string[] = Object.freeze(["client", "edge", "server"]);
