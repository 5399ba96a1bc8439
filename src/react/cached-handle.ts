import type { borrowedBrand, HandleBrand, ownedBrand } from "../types/handles/brand.js";
import type { IsStreaming } from "../types/handles/features.js";
import type { CheckKeyFor, KeyOf, PatternsText } from "../types/handles/keys.js";
import type { StreamingAccessMessage } from "../types/messages/index.js";
import type { ReadMeta } from "../runtime/contracts/read-meta.js";

/**
 * A handle the hooks and the query bridge read through: `own(cache)`, `borrow(cache)` or
 * `follow(cache)` of any layer. Only its brand is matched, so `TManifest` and `TCache` are inferred
 * from the handle and the key is checked against the cache's patterns, as the handle's own methods do.
 *
 * @example
 * const users: CachedHandle<typeof app, "user_data"> = client.own("user_data")
 */
export type CachedHandle<TManifest, TCache extends string> =
  { readonly [ownedBrand]: HandleBrand<TManifest, TCache, string> } | { readonly [borrowedBrand]: HandleBrand<TManifest, TCache, string> };

/**
 * The key parameter of a read through a handle's `TMethod`: the key when the cache owns it, else the
 * message that method gives at run time (the key's, or the streaming cache's, which is never read whole).
 *
 * @example
 * type K = CachedKey<typeof app, "user_data", "usr:1">
 * //=> "✗ key 'usr:1' is not in cache 'user_data' — use a key matching 'user:*'"
 */
export type CachedKey<TManifest, TCache extends string, TKey extends string, TMethod extends string = "getWithMeta"> =
  IsStreaming<TManifest, TCache> extends true ? StreamingAccessMessage<TCache, TMethod, "stream(key)">
  : CheckKeyFor<TKey, KeyOf<TManifest, TCache>, TCache, PatternsText<TManifest, TCache>>;

/** What the hooks call on a handle at run time (every handle has it; the key is checked there again). */
export interface ReadingHandle {
  readonly cache: string;
  readonly layer: string;
  get(key: string): Promise<unknown>;
  getWithMeta(key: string): Promise<ReadMeta<unknown>>;
}

/**
 * The run-time side of a typed handle, refusing what is not one (a JavaScript caller's layer or name).
 *
 * @example
 * const reading = readingHandle(client.own("user_data"), "useCached") // .getWithMeta("user:1")
 * @throws TypeError when `handle` has no `getWithMeta`
 */
export function readingHandle(handle: unknown, caller: string): ReadingHandle {
  const reading = handle as Partial<ReadingHandle> | null | undefined;
  if (typeof reading?.getWithMeta !== "function" || typeof reading.cache !== "string") {
    throw new TypeError(
      `✗ ${caller} was given ${describeValue(handle)}, not a cache handle — pass layer.own(cache), layer.borrow(cache) or layer.follow(cache)`,
    );
  }
  return reading as ReadingHandle;
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  return value === null ? "null" : typeof value;
}
