import type { InvalidationBus } from "../contracts/bus.js";
import type { Clock } from "../contracts/clock.js";
import { BorrowedHandle } from "../handles/borrowed-handle.js";
import { cannotOwnError, keyNotInCacheError, noRouteError, unknownCacheError } from "../handles/borrow-errors.js";
import { keyMatcher } from "../handles/key-matcher.js";
import { localEngine, type LocalOwner } from "../route/local-owner.js";
import { OwnedHandle, type WriteEffects } from "../handles/owned-handle.js";
import { LocalLock } from "../locks/local-lock.js";
import type { CacheModel, InvalidationTarget, ManifestModel } from "../model/model.js";
import { patternsOverlap } from "../pattern/index.js";
import type { LayerRoute, RouteInvalidation, RouteRead } from "../contracts/route.js";
import { RequestScope, withRequestScope, type RequestScopeOptions } from "../scope/index.js";
import type { CacheStore } from "../contracts/store.js";
import { CacheEngine, type CacheSource } from "../cache/cache-engine.js";
import { sumStats, type LayerStats } from "../cache/cache-stats.js";
import { Invalidator } from "../cache/invalidator.js";
import { LayerEvents, type LayerEventName, type LayerListener } from "../cache/layer-events.js";
import { scopeTarget } from "./scope-target.js";
import { warmCaches, warmPlan, type WarmOptions, type WarmResult } from "../warm/index.js";
import { sweepChunks, type SweepChunksOptions } from "../streaming/index.js";

/** Everything a layer is built from, resolved (defaults filled in by `createLayerRuntime`). */
export interface LayerParts {
  readonly manifest: unknown;
  readonly model: ManifestModel;
  readonly name: string;
  readonly store: CacheStore;
  readonly sources: Readonly<Record<string, CacheSource | undefined>>;
  readonly remotes: Readonly<Record<string, LayerRoute | undefined>>;
  readonly bus: InvalidationBus;
  readonly clock: Clock;
  readonly processId: string;
  /** What `close()` closes: only what the layer created itself (default store and bus). */
  readonly owned: { readonly store: boolean; readonly bus: boolean };
}

/**
 * One layer of the manifest in this process: the engines of the caches whose primary it is, the
 * handles (`own`, `borrow`, `follow`), invalidation, stats and events. It is also a `LayerRoute`, so
 * another layer in the same process can name it in its `remotes`.
 *
 * `invalidate` answers two call shapes: `invalidate(patternOrKey)` (public: drops a key or pattern
 * and its whole cascade, wherever owned) and `invalidate(cache, target, isPattern)` (the route
 * method: drops exactly that target of a cache owned here; the sender already expanded the cascade).
 *
 * @example
 * const edge = createLayerRuntime(app, "edge");
 * const client = createLayerRuntime(app, "client", { remotes: { edge } });
 * await client.borrow("products:*").get("products:1") // read at the edge
 */
export class LayerRuntime implements LayerRoute, LocalOwner {
  readonly name: string;
  readonly layerName: string;
  readonly manifest: unknown;
  readonly model: ManifestModel;
  readonly processId: string;
  readonly #parts: LayerParts;
  readonly #events = new LayerEvents();
  readonly #engines = new Map<string, CacheEngine>();
  readonly #owned = new Map<string, OwnedHandle>();
  readonly #borrowed = new Map<string, BorrowedHandle>();
  readonly #matchers = new Map<string, (key: string) => boolean>();
  readonly #invalidator: Invalidator;
  readonly #effects: WriteEffects;
  #closed = false;

  constructor(parts: LayerParts) {
    this.#parts = parts;
    this.name = parts.name;
    this.layerName = parts.name;
    this.manifest = parts.manifest;
    this.model = parts.model;
    this.processId = parts.processId;
    const locks = new LocalLock();
    for (const cache of parts.model.caches.values()) {
      if (cache.primary !== parts.name) continue;
      this.#engines.set(cache.name, new CacheEngine(cache, {
        layer: parts.name, store: parts.store, clock: parts.clock, events: this.#events, locks, source: parts.sources[cache.name],
      }));
    }
    this.#invalidator = new Invalidator({
      layer: parts.name,
      model: parts.model,
      engines: this.#engines,
      remotes: parts.remotes,
      bus: parts.bus,
      processId: parts.processId,
      events: this.#events,
      dropVolatile: () => parts.store.dropVolatile?.(),
    });
    this.#effects = {
      plan: (cache, key) => this.#invalidator.plan(parts.model.invalidationsOf(cache, key)),
      commit: async (cache, key, targets) => {
        await this.#invalidator.announce(cache, key, false);
        await this.#invalidator.carryOut(targets, "write");
      },
      invalidateIn: (cache, patternOrKey) => this.#invalidateCascade(this.#targetsIn(cache, patternOrKey)),
      now: () => parts.clock.now(),
    };
  }

  // ── handles ────────────────────────────────────────────────────────────

  /**
   * The `Owned` handle of a cache (by name or owned pattern). Only on the cache's primary layer.
   * @throws BorrowError `own-on-primary` elsewhere, `unknown-cache` for a name the manifest lacks.
   */
  own(cacheOrPattern: string): OwnedHandle {
    const cache = this.#resolve(cacheOrPattern);
    const existing = this.#owned.get(cache.name);
    if (existing) return existing;
    const engine = this.#engines.get(cache.name);
    if (!engine) throw cannotOwnError(cache, this.name);
    const handle = new OwnedHandle(cache, this.name, engine, this.#effects);
    this.#owned.set(cache.name, handle);
    return handle;
  }

  /**
   * The `Borrowed` handle of a cache: reads at its owner (here if this is the primary, else through
   * `remotes[primary]`), never stored here. A missing route throws `route-to-owner` at the first read.
   * @throws BorrowError `unknown-cache` for a name the manifest lacks.
   */
  borrow(cacheOrPattern: string): BorrowedHandle {
    const cache = this.#resolve(cacheOrPattern);
    const existing = this.#borrowed.get(cache.name);
    if (existing) return existing;
    const remotes = this.#parts.remotes;
    const handle = new BorrowedHandle(cache, this.name, {
      local: this.#engines.get(cache.name),
      route: (layer) => remotes[layer],
      now: () => this.#parts.clock.now(),
    });
    this.#borrowed.set(cache.name, handle);
    return handle;
  }

  /** `own` on the cache's primary layer, `borrow` elsewhere. */
  follow(cacheOrPattern: string): OwnedHandle | BorrowedHandle {
    const cache = this.#resolve(cacheOrPattern);
    return cache.primary === this.name ? this.own(cache.name) : this.borrow(cache.name);
  }

  // ── invalidation ───────────────────────────────────────────────────────

  /**
   * `invalidate(patternOrKey)`: drops a key or pattern, and everything it invalidates, at each owner.
   * `invalidate(cache, target, isPattern)`: the `LayerRoute` method, see the class comment.
   */
  invalidate(patternOrKey: string): Promise<void>;
  invalidate(cache: string, target: string, isPattern: boolean): Promise<void>;
  async invalidate(first: string, target?: string, isPattern?: boolean): Promise<void> {
    if (target === undefined) return this.#invalidateCascade(this.#targetsOf(first));
    const cache = this.#ownedHere(first);
    this.#checkTarget(cache, target, isPattern === true);
    await this.#invalidator.dropHere(cache.name, target, isPattern === true, "remote");
  }

  /** Hears every invalidation carried out here (writes, cascades, route calls, bus messages). */
  onInvalidate(listener: (invalidation: RouteInvalidation) => void): () => void {
    return this.#invalidator.onInvalidate(listener);
  }

  // ── the route side ─────────────────────────────────────────────────────

  /** Reads `key` of a cache owned here, as a borrower sees it (loading on a miss). */
  async read(cacheName: string, key: string): Promise<RouteRead> {
    const cache = this.#ownedHere(cacheName);
    if (!this.#matcherOf(cache)(key)) throw keyNotInCacheError(cache, key, this.name);
    const read = await this.#engines.get(cache.name)!.read(key);
    return { ...read, layer: this.name };
  }

  /** Streams `key` of a streaming cache owned here. */
  stream(cacheName: string, key: string): AsyncIterable<Uint8Array> {
    return this.own(this.#ownedHere(cacheName).name).stream(key);
  }

  [localEngine](cache: string): CacheEngine | undefined {
    return this.#engines.get(cache);
  }

  // ── lifetimes ──────────────────────────────────────────────────────────

  /**
   * Runs `body` with a request scope: every key set through `setScoped` (in this layer's
   * `lifetime: "request"` caches) is deleted when `body` ends, also when it throws.
   */
  scope<TResult>(lifetime: "request", body: (scope: RequestScope) => Promise<TResult> | TResult, options?: RequestScopeOptions): Promise<TResult> {
    if (lifetime !== "request") throw new TypeError(`✗ scope '${String(lifetime)}' is not a scope — use scope('request', …)`);
    return withRequestScope(scopeTarget(this, this.#requestCaches()), body, options);
  }

  /** A request scope for `await using req = layer.requestScope()`. */
  requestScope(options?: RequestScopeOptions): RequestScope {
    return new RequestScope(scopeTarget(this, this.#requestCaches()), options);
  }

  // ── warm start ─────────────────────────────────────────────────────────

  /**
   * Prefetches the `warm.prefetch` patterns of the caches this layer owns, from their sources' `keys`
   * and `load`, storing each value (a fill, so nothing is invalidated). A warm cache whose source
   * cannot list keys is reported in the result's `errors`, naming cache and layer; the others warm.
   */
  warm(options: Omit<WarmOptions, "caches"> & { readonly caches?: readonly string[] | undefined } = {}): Promise<WarmResult> {
    const wanted = options.caches === undefined ? undefined : new Set(options.caches.map((name) => this.#resolve(name).name));
    const plan = warmPlan(this.model, this.name, this.#parts.sources, (cache) => async (key, value) => {
      await this.#engines.get(cache)!.set(key, value, undefined);
    });
    const { caches: _names, ...rest } = options;
    return warmCaches({ ...rest, caches: plan.filter((entry) => wanted === undefined || wanted.has(entry.cache)) });
  }

  // ── streaming upkeep ───────────────────────────────────────────────────

  /**
   * Deletes the chunks no header points at in every streaming cache this layer owns — left by a process
   * that died mid-write, or by a delete that failed — once they are `minAgeMs` old (default 1 hour, so a
   * write still in progress elsewhere is never touched). Resolves the count per cache. Run it now and
   * then (a cron, a timer): chunks with a ttl expire on their own; these may have none.
   */
  async sweepChunks(options: SweepChunksOptions = {}): Promise<Record<string, number>> {
    const swept: Record<string, number> = {};
    for (const [name, engine] of this.#engines) {
      if (engine.cache.streaming) swept[name] = await sweepChunks(engine.partition, { now: () => this.#parts.clock.now(), ...options });
    }
    return swept;
  }

  // ── observability ──────────────────────────────────────────────────────

  /** Counters per cache owned here, and their sum. */
  stats(): LayerStats {
    const caches: Record<string, ReturnType<CacheEngine["stats"]["snapshot"]>> = {};
    for (const [name, engine] of this.#engines) caches[name] = engine.stats.snapshot(engine.bytes());
    return { layer: this.name, caches, total: sumStats(Object.values(caches)) };
  }

  /** Listens to one event; returns the function that stops listening. */
  on<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): () => void {
    return this.#events.on(event, listener);
  }

  off<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): void {
    this.#events.off(event, listener);
  }

  /** Stops timers and the bus subscription; closes the store and bus only if the layer created them. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#invalidator.close();
    for (const engine of this.#engines.values()) engine.close();
    if (this.#parts.owned.bus) await this.#parts.bus.close?.();
    if (this.#parts.owned.store) await this.#parts.store.close?.();
  }

  // ── helpers ────────────────────────────────────────────────────────────

  /** The compiled key check of a cache, made once: route reads from other layers run it on every call. */
  #matcherOf(cache: CacheModel): (key: string) => boolean {
    let matches = this.#matchers.get(cache.name);
    if (!matches) this.#matchers.set(cache.name, (matches = keyMatcher(cache.owns)));
    return matches;
  }

  #resolve(cacheOrPattern: string): CacheModel {
    const cache = typeof cacheOrPattern === "string" ? this.model.resolve(cacheOrPattern) : undefined;
    if (!cache) throw unknownCacheError(cacheOrPattern, this.name);
    return cache;
  }

  #ownedHere(cacheName: string): CacheModel {
    const cache = this.#resolve(cacheName);
    if (!this.#engines.has(cache.name)) throw noRouteError(cache, this.name);
    return cache;
  }

  #checkTarget(cache: CacheModel, target: string, isPattern: boolean): void {
    const inCache = isPattern ? cache.owns.some((pattern) => patternsOverlap(pattern, target)) : this.#matcherOf(cache)(target);
    if (!inCache) throw keyNotInCacheError(cache, target, this.name);
  }

  /** A key or pattern, the caches it falls in, and their cascades. */
  #targetsOf(patternOrKey: string): InvalidationTarget[] {
    if (typeof patternOrKey !== "string") throw unknownCacheError(patternOrKey, this.name);
    const caches = patternOrKey.includes("*")
      ? [...this.model.caches.values()].filter((cache) => cache.owns.some((pattern) => patternsOverlap(pattern, patternOrKey)))
      : [this.model.ownerOfKey(patternOrKey)].filter((cache): cache is CacheModel => cache !== undefined);
    if (caches.length === 0) throw unknownCacheError(patternOrKey, this.name);
    return caches.flatMap((cache) => this.#targetsIn(cache, patternOrKey));
  }

  /** `patternOrKey` in one cache, and its cascade. */
  #targetsIn(cache: CacheModel, patternOrKey: string): InvalidationTarget[] {
    const isPattern = patternOrKey.includes("*");
    this.#checkTarget(cache, patternOrKey, isPattern);
    return [{ cache: cache.name, target: patternOrKey, isPattern }, ...this.model.invalidationsOf(cache.name, patternOrKey)];
  }

  async #invalidateCascade(targets: readonly InvalidationTarget[]): Promise<void> {
    const unique = [...new Map(targets.map((target) => [`${target.cache}\0${target.target}`, target])).values()];
    this.#invalidator.plan(unique);
    await this.#invalidator.carryOut(unique, "manual");
  }

  #requestCaches(): CacheModel[] {
    return [...this.#engines.values()].map((engine) => engine.cache).filter((cache) => cache.lifetime === "request");
  }
}
