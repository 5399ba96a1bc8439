import type { UnknownCacheMessage } from "../messages/borrow.js";
import type { KeyOf } from "./keys.js";
import type { ResolveCache } from "./layer.js";

/**
 * `isKeyOf`'s signature: a type guard that narrows a run-time `string` (a route parameter, a message
 * off a queue) to the keys of one cache, named as `own` and `borrow` name it (the cache or one of its
 * patterns); an unknown name is a `tsc` error with the text `own` gives.
 *
 * @example
 * declare const isKeyOf: IsKeyOf
 * declare const input: string
 * if (isKeyOf(app, "user_data", input)) {
 *   type K = typeof input
 *   //=> `user:${string}`
 * }
 */
export type IsKeyOf = <const TManifest extends object, const TName extends string>(
  app: TManifest,
  cache: [ResolveCache<TManifest, TName>] extends [never] ? UnknownCacheMessage<TName> : TName,
  key: string,
) => key is KeyOf<TManifest, ResolveCache<TManifest, TName>>;
