import type { CannotWriteMessage } from "../messages/index.js";
import type { QuotedList } from "../messages/quote.js";
import type { OwnsTupleOf, PrimaryOf } from "../manifest/access.js";
import type { borrowedBrand, HandleBrand } from "./brand.js";
import type { Forbidden } from "./forbidden.js";
import type { GetManyMethod, GetMethod, GetWithMetaMethod, HasMethod, StreamMethod } from "./read-methods.js";

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
  readonly get: GetMethod<TManifest, TCache>;
  /** `true` when the owner has `key`. */
  readonly has: HasMethod<TManifest, TCache>;
  /** Several values at once, in order. */
  readonly getMany: GetManyMethod<TManifest, TCache>;
  /** The owner's value with `{ hit, stale, age, expiresAt, layer }`. */
  readonly getWithMeta: GetWithMetaMethod<TManifest, TCache>;
  /** Streams the owner's value chunk by chunk; each chunk is pulled once and not kept. */
  readonly stream: StreamMethod<TManifest, TCache>;
  readonly set: WriteThroughBorrow<TManifest, TCache, TLayer>;
  readonly delete: WriteThroughBorrow<TManifest, TCache, TLayer>;
  readonly getOrSet: WriteThroughBorrow<TManifest, TCache, TLayer>;
  readonly atomicUpdate: WriteThroughBorrow<TManifest, TCache, TLayer>;
  readonly putStream: WriteThroughBorrow<TManifest, TCache, TLayer>;
};

/** A write through a borrow: the seed's "cannot own user:* in backend". */
type WriteThroughBorrow<TManifest, TCache extends string, TLayer extends string> =
  TManifest extends unknown ? Forbidden<CannotWriteMessage<QuotedList<OwnsTupleOf<TManifest, TCache>>, TLayer, TCache, PrimaryOf<TManifest, TCache>>> : never;
