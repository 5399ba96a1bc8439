import type { CannotWriteMessage } from "../messages/index.js";
import type { QuotedList } from "../messages/quote.js";
import type { OwnsTupleOf, PrimaryOf } from "../manifest/access.js";
import type { borrowedBrand, CacheManifest, HandleBrand } from "./brand.js";
import type { HandleKind } from "./features.js";
import type { Forbidden } from "./forbidden.js";
import type { ValueOf } from "./keys.js";
import type { GetManyMethod, GetMethod, GetWithMetaMethod, HasMethod, StreamMethod } from "./read-methods.js";

/**
 * The capability to read a cache another layer owns: what `borrow(cache)` returns on any layer. Reads go
 * to the owner layer (in this process, or through `remotes`) and are never stored here: one copy of each
 * value. Every write is an error at the call, naming the owner.
 *
 * `TLayer` may be left out: `Borrowed<typeof app, "product_cache">` accepts the borrow of any layer.
 *
 * @example
 * async function nameOf(users: Borrowed<typeof app, "user_data">, id: string) {
 *   return (await users.get(`user:${id}`))?.name
 * }
 */
export type Borrowed<TManifest, TCache extends string, TLayer extends string = string> = BorrowedHandle<
  TCache,
  TLayer,
  ValueOf<TManifest, TCache>,
  OwnsTupleOf<TManifest, TCache>,
  PrimaryOf<TManifest, TCache>,
  HandleKind<TManifest, TCache>
>;

/**
 * `Borrowed`, written with the cache's facts instead of the manifest: its name, the layer, the value
 * type, the patterns, the owner layer and its `HandleKind`. This is the name editors and `.d.ts` files
 * show (`BorrowedHandle<"user_data", "server", User, readonly ["user:*"], "client", "plain">`).
 *
 * @example
 * const users: BorrowedHandle<"user_data", "server", User, readonly ["user:*"], "client", "plain"> = server.borrow("user_data")
 */
export interface BorrowedHandle<
  TCache extends string,
  TLayer extends string,
  TValue,
  TOwns extends readonly string[],
  TOwner extends string,
  TKind extends string = "plain",
> {
  readonly [borrowedBrand]: HandleBrand<CacheManifest<TCache, TOwns, TValue, TKind>, TCache, TLayer>;
  readonly cache: TCache;
  readonly layer: TLayer;
  /** The owner's value of `key` (loaded there on a miss); nothing is kept here. */
  readonly get: GetMethod<TCache, TOwns, TValue, TKind>;
  /** `true` when the owner has `key`. */
  readonly has: HasMethod<TCache, TOwns>;
  /** Several values at once, in order. */
  readonly getMany: GetManyMethod<TCache, TOwns, TValue, TKind>;
  /** The owner's value with `{ hit, stale, age, expiresAt, layer }`. */
  readonly getWithMeta: GetWithMetaMethod<TCache, TOwns, TValue, TKind>;
  /** Streams the owner's value chunk by chunk; each chunk is pulled once and not kept. */
  readonly stream: StreamMethod<TCache, TOwns, TKind>;
  /** A write through a borrow is an error naming the owner: write through `own` on that layer. */
  readonly set: Forbidden<CannotWriteMessage<QuotedList<TOwns>, TLayer, TCache, TOwner>>;
  readonly delete: Forbidden<CannotWriteMessage<QuotedList<TOwns>, TLayer, TCache, TOwner>>;
  readonly getOrSet: Forbidden<CannotWriteMessage<QuotedList<TOwns>, TLayer, TCache, TOwner>>;
  readonly atomicUpdate: Forbidden<CannotWriteMessage<QuotedList<TOwns>, TLayer, TCache, TOwner>>;
  readonly putStream: Forbidden<CannotWriteMessage<QuotedList<TOwns>, TLayer, TCache, TOwner>>;
}
