/**
 * The layers of a manifest that names none: nearest the user first, the origin last.
 *
 * @example
 * import { modelOf } from "../model/model-of.js"
 * modelOf({ caches: {} }).layers  //=> ["client", "edge", "server"]
 */
export const defaultLayers: readonly string[] = Object.freeze(["client", "edge", "server"]);
