import type { CannotWriteMessage, NotStreamingMessage, StreamingAccessMessage } from "../messages/index.js";
import type { QuotedList } from "../messages/quote.js";
import type { OwnsTupleOf, PrimaryOf } from "../manifest/access.js";
import type { borrowedBrand, HandleBrand } from "./brand.js";
import type { IsStreaming } from "./features.js";
import type { Forbidden } from "./forbidden.js";
import type { CheckKey, KeyOf } from "./keys.js";
import type { ReadMeta, ReadValue } from "./read.js";

/**
 * The capability to read a cache another layer owns: what `borrow(cache)` returns on any layer. Reads go
 * to the owner layer (in this process, or through `remotes`) and are never stored here: one copy of each
 * value. Every write is an error at the call, naming the owner.
 *
 * @example
 * async function price(products: Borrowed<typeof app, "product_cache">, id: string) {
 *   return (await products.get(`products:${id}`))?.price
 * }
 */
export type Borrowed<TManifest, TCache extends string, TLayer extends string = string> = {
  readonly [borrowedBrand]: HandleBrand<TManifest, TCache, TLayer>;
  readonly cache: TCache;
  readonly layer: TLayer;
  /** The owner's value of `key` (loaded there on a miss); nothing is kept here. */
  readonly get: IsStreaming<TManifest, TCache> extends true ? Forbidden<StreamingAccessMessage<TCache, "get", "stream(key)">>
    : <TKey extends string>(key: CheckKey<TManifest, TCache, TKey>) => Promise<ReadValue<TManifest, TCache> | undefined>;
  /** `true` when the owner has `key`. */
  readonly has: <TKey extends string>(key: CheckKey<TManifest, TCache, TKey>) => Promise<boolean>;
  /** Several values at once, in order. */
  readonly getMany: (keys: readonly KeyOf<TManifest, TCache>[]) => Promise<(ReadValue<TManifest, TCache> | undefined)[]>;
  /** The owner's value with `{ hit, stale, age, expiresAt, layer }`. */
  readonly getWithMeta: <TKey extends string>(key: CheckKey<TManifest, TCache, TKey>) => Promise<ReadMeta<ReadValue<TManifest, TCache>>>;
  /** Streams the owner's value chunk by chunk; each chunk is pulled once and not kept. */
  readonly stream: IsStreaming<TManifest, TCache> extends true
    ? <TKey extends string>(key: CheckKey<TManifest, TCache, TKey>) => AsyncIterable<Uint8Array>
    : Forbidden<NotStreamingMessage<TCache, "stream">>;
  readonly set: WriteThroughBorrow<TManifest, TCache, TLayer>;
  readonly delete: WriteThroughBorrow<TManifest, TCache, TLayer>;
  readonly getOrSet: WriteThroughBorrow<TManifest, TCache, TLayer>;
  readonly atomicUpdate: WriteThroughBorrow<TManifest, TCache, TLayer>;
  readonly putStream: WriteThroughBorrow<TManifest, TCache, TLayer>;
};

/** A write through a borrow: the seed's "cannot own user:* in backend". */
type WriteThroughBorrow<TManifest, TCache extends string, TLayer extends string> =
  Forbidden<CannotWriteMessage<QuotedList<OwnsTupleOf<TManifest, TCache>>, TLayer, TCache, PrimaryOf<TManifest, TCache>>>;
