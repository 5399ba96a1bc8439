import { CacheOwner } from "../cache/cache-owner.js";
import { CacheRecorder } from "../cache/cache-recorder.js";
import { Cascade } from "../cache/cascade.js";
import { Outbox, type PendingInvalidation } from "../cache/outbox.js";
import type { CacheSource } from "../cache/cache-engine.js";
import { sumStats, type CacheStatsSnapshot, type LayerStats } from "../cache/cache-stats.js";
import type { InvalidationBus } from "../contracts/bus.js";
import type { Clock } from "../contracts/clock.js";
import type { LayerRoute, RouteSource } from "../contracts/route.js";
import type { CacheStore } from "../contracts/store.js";
import { cannotOwnError, unknownCacheError } from "../borrow/borrow-errors.js";
import { LayerEvents, type LayerEventName, type LayerListener } from "../events/layer-events.js";
import { lendProbeHook } from "../events/layer-probe.js";
import { BorrowedHandle } from "../handles/borrowed-handle.js";
import { OwnedHandle } from "../handles/owned-handle.js";
import { LocalLock } from "../locks/local-lock.js";
import type { CacheModel, ManifestModel } from "../model/model.js";
import { LocalRoute } from "../route/local-route.js";
import { RequestScope, withRequestScope, type RequestScopeOptions } from "../scope/index.js";
import { sweepChunks, type SweepChunksOptions } from "../streaming/index.js";
import { warmCaches, warmPlan, type WarmOptions, type WarmResult } from "../warm/index.js";
import { scopeTarget } from "./scope-target.js";
import { release, use } from "./shared-resources.js";
import type { InvalidateOptions, InvalidationMode } from "../contracts/invalidation-mode.js";
import { checkedMode } from "../cache/invalidation-modes.js";

/** The partition of the layer's store that keeps undelivered invalidations (no cache may be named so). */
const OUTBOX_PARTITION = "~outbox";

/** Everything a layer is built from, resolved (defaults filled in by `createLayerRuntime`). */
export interface LayerParts {
  readonly manifest: unknown;
  readonly model: ManifestModel;
  readonly name: string;
  readonly store: CacheStore;
  readonly sources: Readonly<Record<string, CacheSource | undefined>>;
  readonly remotes: Readonly<Record<string, RouteSource | undefined>>;
  readonly bus: InvalidationBus;
  readonly clock: Clock;
  readonly processId: string;
}

/**
 * One layer of the manifest in this process: the owner of each cache whose primary it is, the handles
 * (`own`, `borrow`, `follow`), manual invalidation, scopes, warm-up, stats and events. Another layer
 * reaches it through `route` (in this process) or `serveLayer` (over HTTP); `remotes: { edge }` takes
 * the route from the layer.
 *
 * @example
 * import { createLayerRuntime } from "./create-layer.js"
 * const edge = createLayerRuntime(app, "edge");
 * const client = createLayerRuntime(app, "client", { remotes: { edge } });
 * await client.borrow("products:*").get("products:1") // read at the edge
 */
export class LayerRuntime {
  readonly name: string;
  readonly manifest: unknown;
  readonly model: ManifestModel;
  readonly processId: string;
  readonly clock: Clock;
  /** How other layers in this process reach the caches this layer owns. */
  readonly route: LayerRoute;
  readonly #parts: LayerParts;
  readonly #events = new LayerEvents();
  readonly #owners = new Map<string, CacheOwner>();
  /** Recorders of caches owned elsewhere: a cascade to them that fails is still an `error` event here. */
  readonly #foreign = new Map<string, CacheRecorder>();
  readonly #owned = new Map<string, OwnedHandle>();
  readonly #borrowed = new Map<string, BorrowedHandle>();
  readonly #cascade: Cascade;
  readonly #outbox: Outbox;
  readonly #restored: Promise<unknown>;
  #closed = false;

  constructor(parts: LayerParts) {
    this.#parts = parts;
    this.name = parts.name;
    this.manifest = parts.manifest;
    this.model = parts.model;
    this.processId = parts.processId;
    this.clock = parts.clock;
    const reportOutbox = (pending: PendingInvalidation, change: "queued" | "delivered") => {
      this.#recorderOf(pending.cache).record(change, pending.target, { owner: pending.owner, isPattern: pending.isPattern });
      // Kept, then delivered: its invalidation delay runs from when it was first kept (the layer's clock).
      if (change === "delivered") this.#events.probe?.invalidated({ ...pending, layer: parts.name, delayMs: parts.clock.now() - pending.since, via: "outbox" });
    };
    // A store that cannot list its keys (memcached) cannot give back what an earlier run kept: the
    // outbox then lives as long as this process (docs/consistency.md, G7).
    const durable = parts.store.capabilities?.listsKeys !== false;
    this.#outbox = new Outbox({
      partition: durable ? parts.store.partition(OUTBOX_PARTITION, { layer: parts.name }) : undefined,
      clock: parts.clock,
      deliver: (pending) => this.#cascade.deliver(pending),
      onChange: reportOutbox,
      onError: (pending, error) => this.#recorderOf(pending.cache).record("error", pending.target, { error, operation: "outbox" }),
    });
    this.#cascade = new Cascade({
      layer: parts.name,
      model: parts.model,
      owners: this.#owners,
      remotes: parts.remotes,
      bus: parts.bus,
      processId: parts.processId,
      dropVolatile: () => {
        for (const owner of this.#owners.values()) owner.supersedeAll();
        return parts.store.dropVolatile?.();
      },
      suspendLocal: (suspended) => parts.store.suspendLocal?.(suspended),
      reportError: (cache, key, error) => this.#recorderOf(cache).record("error", key, { error, operation: "invalidate" }),
      outbox: this.#outbox,
      probe: () => this.#events.probe,
    });
    // What an earlier run of this layer could not deliver (a reload, a restart) is replayed now.
    this.#restored = this.#outbox.restore().catch((error: unknown) => this.#recorderOf(OUTBOX_PARTITION).record("error", "", { error, operation: "outbox" }));
    const locks = new LocalLock();
    for (const cache of parts.model.caches.values()) {
      if (cache.primary !== parts.name) continue;
      this.#owners.set(
        cache.name,
        new CacheOwner(cache, {
          layer: parts.name,
          store: parts.store,
          clock: parts.clock,
          events: this.#events,
          locks,
          source: parts.sources[cache.name],
          cascade: this.#cascade,
        }),
      );
    }
    this.route = new LocalRoute({ layer: parts.name, model: parts.model, owners: this.#owners, cascade: this.#cascade });
    use(parts.store);
    use(parts.bus);
    // Observers of timed calls attach through this (borrowcache/otel, publishDiagnostics, watchLayers).
    lendProbeHook(this, (probe) => this.#events.attachProbe(probe));
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
    const owner = this.#owners.get(cache.name);
    if (!owner) throw cannotOwnError(cache, this.name);
    const handle = new OwnedHandle(owner, {
      invalidateIn: (model, patternOrKey, mode) => this.#invalidate(patternOrKey, model, mode),
      now: () => this.clock.now(),
    });
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
      local: this.#owners.get(cache.name),
      route: (layer) => remotes[layer],
      now: () => this.clock.now(),
      probe: () => this.#events.probe,
    });
    this.#borrowed.set(cache.name, handle);
    return handle;
  }

  /** `own` on the cache's primary layer, `borrow` elsewhere. */
  follow(cacheOrPattern: string): OwnedHandle | BorrowedHandle {
    const cache = this.#resolve(cacheOrPattern);
    return cache.primary === this.name ? this.own(cache.name) : this.borrow(cache.name);
  }

  /** The owner side of a cache this layer owns (request scopes, warm-up and tests reach it here). */
  ownerOf(cache: string): CacheOwner | undefined {
    return this.#owners.get(cache);
  }

  // ── invalidation ───────────────────────────────────────────────────────

  /**
   * Drops a key, or every key matching a pattern, in every cache it reaches, and everything that
   * invalidates in turn, each at its owner (here, or through `remotes`). The same meaning whatever the
   * route to the owner: a pattern drops the keys of each cache it matches. `{ mode: "expire" }` marks
   * every target stale instead (served within its cache's `grace` while one refresh runs).
   */
  invalidate(patternOrKey: string, options?: InvalidateOptions): Promise<void> {
    return this.#invalidate(patternOrKey, undefined, options?.mode);
  }

  /**
   * The invalidations this layer's writes could not deliver yet because their owner was unreachable,
   * oldest first: kept in the layer's store and replayed until delivered (events `queued`, `delivered`).
   */
  async pending(): Promise<PendingInvalidation[]> {
    await this.#restored;
    return this.#outbox.list();
  }

  /** Replays every kept invalidation now, instead of at the next backoff step; resolves when that attempt is over. */
  async flush(): Promise<void> {
    await this.#restored;
    await this.#outbox.flush();
  }

  /** Hears every invalidation carried out here (writes, cascades, route calls, bus messages). */
  onInvalidate(listener: Parameters<LocalRoute["onInvalidate"]>[0]): () => void {
    return this.route.onInvalidate(listener);
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
    const plan = warmPlan(this.model, this.name, this.#parts.sources, (cache) => {
      const owner = this.#owners.get(cache)!;
      return { open: (key) => owner.openFill(key), close: (ticket) => owner.closeFill(ticket), fill: (key, value, ticket) => owner.fill(key, value, ticket) };
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
    for (const [name, owner] of this.#owners) {
      if (owner.model.streaming) swept[name] = await sweepChunks(owner.partition, { now: () => this.clock.now(), ...options });
    }
    return swept;
  }

  // ── observability ──────────────────────────────────────────────────────

  /** Counters per cache owned here, and their sum. */
  stats(): LayerStats {
    const caches: Record<string, CacheStatsSnapshot> = {};
    for (const [name, owner] of this.#owners) caches[name] = owner.stats();
    return { layer: this.name, caches, total: sumStats(Object.values(caches)) };
  }

  /** Listens to one event; returns the function that stops listening. */
  on<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): () => void {
    return this.#events.on(event, listener);
  }

  off<TEvent extends LayerEventName>(event: TEvent, listener: LayerListener<TEvent>): void {
    this.#events.off(event, listener);
  }

  /**
   * Stops timers, the bus subscription and the outbox's replays, then closes the store and the bus —
   * once no other layer of this process uses them (a store or bus shared by several layers is closed by
   * the last of them). Connections closed, a script that created a Redis layer exits.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#cascade.close();
    this.#outbox.close();
    for (const owner of this.#owners.values()) owner.close();
    if (release(this.#parts.bus)) await this.#parts.bus.close?.();
    if (release(this.#parts.store)) await this.#parts.store.close?.();
  }

  // ── helpers ────────────────────────────────────────────────────────────

  #resolve(cacheOrPattern: string): CacheModel {
    const cache = typeof cacheOrPattern === "string" ? this.model.resolve(cacheOrPattern) : undefined;
    if (!cache) throw unknownCacheError(cacheOrPattern, this.name);
    return cache;
  }

  async #invalidate(patternOrKey: string, cache: CacheModel | undefined, mode: InvalidationMode | undefined): Promise<void> {
    const targets = this.#cascade.checkRoutes(this.#cascade.targetsOf(patternOrKey, cache, checkedMode(mode, this.name, cache?.name ?? String(patternOrKey))));
    await this.#cascade.carryOut(targets, "manual");
  }

  #recorderOf(cache: string): CacheRecorder {
    const owner = this.#owners.get(cache);
    if (owner) return owner.recorder;
    let recorder = this.#foreign.get(cache);
    if (!recorder) this.#foreign.set(cache, (recorder = new CacheRecorder(cache, this.name, this.#events)));
    return recorder;
  }

  #requestCaches(): CacheModel[] {
    return [...this.#owners.values()].map((owner) => owner.model).filter((cache) => cache.lifetime === "request");
  }
}
