import type { InvalidateOptions } from "../../runtime/contracts/invalidation-mode.js";
import type { CannotOwnMessage, UnknownCacheMessage } from "../messages/borrow.js";
import type { QuotedList } from "../messages/quote.js";
import type { CacheName, OwnsTupleOf, PrimaryOf } from "../manifest/access.js";
import type { Entries } from "../manifest/pattern-index.js";
import type { KnownNames, Offer, OwnableNames } from "../manifest/completions.js";
import type { Clock } from "../../runtime/contracts/clock.js";
import type { PendingInvalidation } from "../../runtime/contracts/pending.js";
import type { LayerRoute, RouteInvalidation } from "../../runtime/contracts/route.js";
import type { LayerEventName, LayerListener } from "../../runtime/events/layer-events.js";
import type { LayerStats } from "../../runtime/contracts/stats.js";
import type { WarmResult, WarmProgress } from "../../runtime/warm/index.js";
import type { BorrowedHandle } from "./borrowed.js";
import type { OwnedHandle } from "./owned.js";
import type { HandleKind } from "./features.js";
import type { ValueOf } from "./keys.js";
import type { CheckTargetFor } from "./keys.js";
import type { RequestScopeHandle } from "./scope.js";

/** Owned pattern → its cache, for the whole manifest at once (memoised). */
type PatternOwners<TManifest> = TManifest extends unknown ? { [E in Entries<TManifest> as E["p"]]: E["c"] } : never;

/**
 * The cache a name or an exactly-owned pattern stands for (`never` for neither).
 *
 * @example
 * type C = ResolveCache<typeof app, "user:*">
 * //=> "user_data"
 */
export type ResolveCache<TManifest, TName extends string> =
  TName extends CacheName<TManifest> ? TName
  : TName extends keyof PatternOwners<TManifest> ? PatternOwners<TManifest>[TName] & string
  : never;

/** `own()`'s parameter: the name itself on the primary layer, else the reason. */
type CheckOwn<TManifest, TLayer extends string, TName extends string> =
  ResolveCache<TManifest, TName> extends infer C extends string ?
    [C] extends [never] ? UnknownCacheMessage<TName>
    : PrimaryOf<TManifest, C> extends TLayer ? TName
    : CannotOwnMessage<C, TLayer, PrimaryOf<TManifest, C>, QuotedList<OwnsTupleOf<TManifest, C>>>
  : never;

/** `borrow()`'s and `follow()`'s parameter: any cache or owned pattern. */
type CheckKnown<TManifest, TName extends string> = [ResolveCache<TManifest, TName>] extends [never] ? UnknownCacheMessage<TName> : TName;

/** `Owned` on the cache's primary layer, `Borrowed` elsewhere. */
export type Followed<TManifest, TCache extends string, TLayer extends string> =
  PrimaryOf<TManifest, TCache> extends TLayer ? OwnedOf<TManifest, TCache, TLayer> : BorrowedOf<TManifest, TCache, TLayer>;

// What `own` and `borrow` return: `Owned`/`Borrowed` resolved through a conditional, so editors and
// `.d.ts` files print the handle interface with the cache's facts, not the alias with the whole manifest.
type OwnedOf<TManifest, TCache extends string, TLayer extends string> =
  [TCache] extends [string] ? OwnedHandle<TCache, TLayer, ValueOf<TManifest, TCache>, OwnsTupleOf<TManifest, TCache>, HandleKind<TManifest, TCache>> : never;
type BorrowedOf<TManifest, TCache extends string, TLayer extends string> =
  [TCache] extends [string] ?
    BorrowedHandle<TCache, TLayer, ValueOf<TManifest, TCache>, OwnsTupleOf<TManifest, TCache>, PrimaryOf<TManifest, TCache>, HandleKind<TManifest, TCache>>
  : never;

/** Every owned pattern of the manifest (memoised): what `layer.invalidate` may reach. */
type AllPatterns<TManifest> = TManifest extends unknown ? Entries<TManifest>["p"] : never;

/**
 * One layer of the application (client, edge or server) in this process: the handles to its caches,
 * invalidation, scopes, warm-up, stats and events. Another layer in the same process reaches it through
 * its `route` (list the layer itself in `remotes`: `remotes: { edge }`); `serveLayer(layer)` serves the
 * same route over HTTP.
 *
 * @example
 * const server = createLayer(app, "server", { sources: { data_cache: { load: (key) => db.load(key), keys: (pattern) => db.scan(pattern) } } })
 * const data = server.own("data_cache")   // Owned
 * const users = server.borrow("user_data") // Borrowed: reads go to the client layer
 */
export interface Layer<TManifest, TLayer extends string> {
  readonly name: TLayer;
  readonly manifest: TManifest;
  /** The `Owned` handle of a cache (or of the cache owning exactly this pattern): only on its primary layer. */
  own<TName extends string>(
    cacheOrPattern: Offer<TName, OwnableNames<TManifest, TLayer>, CheckOwn<TManifest, TLayer, TName>>,
  ): OwnedOf<TManifest, ResolveCache<TManifest, TName>, TLayer>;
  /** A `Borrowed` handle: reads at the owner, never stored here, no writes. */
  borrow<TName extends string>(
    cacheOrPattern: Offer<TName, KnownNames<TManifest>, CheckKnown<TManifest, TName>>,
  ): BorrowedOf<TManifest, ResolveCache<TManifest, TName>, TLayer>;
  /** `own` on the cache's primary layer, `borrow` elsewhere. */
  follow<TName extends string>(
    cache: Offer<TName, KnownNames<TManifest>, CheckKnown<TManifest, TName>>,
  ): Followed<TManifest, ResolveCache<TManifest, TName>, TLayer>;
  /** How other layers in this process reach the caches this layer owns: the same contract as `remoteLayer` over HTTP. */
  readonly route: LayerRoute;
  /** The layer's clock: ttl, grace, timeouts, `getWithMeta().age` and the HTTP `Age` header all read it. */
  readonly clock: Clock;
  /**
   * Drops a key, or every key matching a pattern, in every cache it reaches, at each cache's owner
   * (here, or through `remotes`), cascading like a write: the same meaning whatever the route. A key or
   * pattern no cache of the manifest covers is an error. `{ mode: "expire" }` marks every target stale
   * instead (served within its cache's `grace` while one refresh runs).
   */
  invalidate<TTarget extends string>(
    patternOrKey: CheckTargetFor<TTarget, AllPatterns<TManifest>, UnknownCacheMessage<TTarget>>,
    options?: InvalidateOptions,
  ): Promise<void>;
  /**
   * The invalidations this layer's writes could not deliver yet because their owner was unreachable,
   * oldest first: kept in the layer's store and replayed until delivered (events `queued`, `delivered`).
   */
  pending(): Promise<PendingInvalidation[]>;
  /** Replays every kept invalidation now, instead of at the next backoff step. */
  flush(): Promise<void>;
  /** Hears every invalidation carried out at this layer (writes, cascades, route calls, bus messages); returns the unsubscribe function. */
  onInvalidate(listener: (invalidation: RouteInvalidation) => void): () => void;
  /** Runs `body` in a request scope: every key it sets with `setScoped` is deleted when it ends, also on throw. */
  scope<TResult>(
    lifetime: "request",
    body: (scope: RequestScopeHandle<TManifest, TLayer>) => Promise<TResult> | TResult,
    options?: { readonly signal?: AbortSignal },
  ): Promise<TResult>;
  /** A request scope for `await using req = layer.requestScope()`. */
  requestScope(options?: { readonly signal?: AbortSignal }): RequestScopeHandle<TManifest, TLayer>;
  /** Prefetches every `warm.prefetch` pattern of the caches this layer owns from their sources' `keys()`. */
  warm(options?: {
    readonly caches?: readonly string[];
    readonly concurrency?: number;
    readonly onProgress?: (progress: WarmProgress) => void;
  }): Promise<WarmResult>;
  /** Deletes orphaned chunks (no header points at them, older than `minAgeMs`, default 1 hour) of the streaming caches owned here; the count per cache. */
  sweepChunks(options?: { readonly minAgeMs?: number }): Promise<Record<string, number>>;
  /** Counters per cache: hits, misses, loads, sets, deletes, invalidations, evictions, bytes. */
  stats(): LayerStats;
  /** Listens to `hit`, `miss`, `load`, `set`, `delete`, `invalidate`, `evict`, `error`; returns the unsubscribe function. */
  on<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): () => void;
  off<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): void;
  /**
   * Stops timers and subscriptions and closes the store and bus — once no other layer of this process
   * uses them: a store or bus shared by several layers is closed by the last of them, never twice.
   */
  close(): Promise<void>;
}
