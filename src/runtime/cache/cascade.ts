import type { InvalidationBus, InvalidationMessage } from "../contracts/bus.js";
import { routeOf, type RouteInvalidation, type RouteSource } from "../contracts/route.js";
import { BorrowError, StoreError } from "../errors.js";
import type { LayerProbe } from "../events/layer-probe.js";
import { ListenerSet } from "../events/listener-set.js";
import { keyNotInCacheError, unknownCacheError } from "../borrow/borrow-errors.js";
import type { CacheModel, InvalidationTarget, ManifestModel } from "../model/model.js";
import { noRouteMessage } from "../messages/borrow.js";
import type { CacheOwner } from "./cache-owner.js";
import type { Outbox, PendingInvalidation } from "./outbox.js";
import type { InvalidationMode } from "../contracts/invalidation-mode.js";
import { strongerMode } from "./invalidation-modes.js";

/** Why something was dropped here, for the `invalidate` event. */
export type InvalidationOrigin = "write" | "manual" | "remote" | "bus";

/** What a layer's cascade needs from it. */
export interface CascadeContext {
  readonly layer: string;
  readonly model: ManifestModel;
  /** The caches this layer owns, by name. */
  readonly owners: ReadonlyMap<string, CacheOwner>;
  /** Looked up at each use, so a route added to the `remotes` object after creation is found. */
  readonly remotes: Readonly<Record<string, RouteSource | undefined>>;
  readonly bus: InvalidationBus;
  readonly processId: string;
  /** After a bus reconnect: drop whatever this process holds that cannot be proven fresh. */
  readonly dropVolatile: () => void | Promise<void>;
  /** While the bus cannot vouch for in-process copies (`silent`, `reconnecting`): keep none. */
  readonly suspendLocal: (suspended: boolean) => void;
  /** Reports a failure no caller hears as an `error` event of `cache` (owned here or not). */
  readonly reportError: (cache: string, key: string, error: unknown) => void;
  /** Where an invalidation goes when its owner cannot be reached now; absent: the write fails instead. */
  readonly outbox?: Outbox | undefined;
  /** The layer's observer of timed calls, read at each use (attached and detached at any time). */
  readonly probe?: (() => LayerProbe | undefined) | undefined;
}

/**
 * What one layer's writes and invalidations reach beyond the written key: each target of the
 * manifest's `invalidates` at its owner (a cache of this layer, or the owner layer's route), the other
 * processes of this layer through the bus, and this layer's `onInvalidate` listeners (which
 * `serveLayer` turns into server-sent events for remote readers).
 *
 * The whole cascade is computed once, by the layer that starts it (`model.invalidationsOf` is
 * transitive), and each owner then drops exactly what it is sent: nothing is dropped twice, and an
 * owner needs no route back to the writer.
 *
 * @example
 * declare const cascade: Cascade; // the layer's
 * const targets = cascade.plan("user_data", "user:42"); // throws if an owner is unreachable
 * await cascade.carryOut(targets, "write");
 */
export class Cascade {
  readonly #context: CascadeContext;
  readonly #listeners = new ListenerSet<[RouteInvalidation]>();
  readonly #unsubscribe: () => void;
  readonly #unwatch: (() => void) | undefined;

  constructor(context: CascadeContext) {
    this.#context = context;
    this.#unsubscribe = context.bus.subscribe(
      (message) => void this.#fromBus(message),
      () => void this.#reconnected(),
    );
    // G4: a bus that cannot prove messages arrive makes every in-process copy suspect.
    this.#unwatch = context.bus.onState?.((state) => {
      if (state === "connected") {
        context.suspendLocal(false);
        return;
      }
      context.suspendLocal(true);
      void this.#reconnected();
    });
    if (context.bus.state !== undefined && context.bus.state !== "connected") context.suspendLocal(true);
  }

  /** The targets a write of `key` in `cache` invalidates, checked to be reachable before anything is written. */
  plan(cache: string, key: string): readonly InvalidationTarget[] {
    return this.checkRoutes(this.#context.model.invalidationsOf(cache, key));
  }

  /**
   * The targets a batch write of `keys` in `cache` invalidates: each key's, a target reached by several
   * keys once (deleted if any of them deletes it), checked to be reachable before anything is written.
   */
  planMany(cache: string, keys: readonly string[]): readonly InvalidationTarget[] {
    return this.checkRoutes(unique(keys.flatMap((key) => this.#context.model.invalidationsOf(cache, key))));
  }

  /** Refuses, before anything is dropped or written, targets whose owner layer this layer has no route to. */
  checkRoutes(targets: readonly InvalidationTarget[]): readonly InvalidationTarget[] {
    for (const target of targets) this.#checkReachable(target);
    return targets;
  }

  /**
   * `patternOrKey` as a manual invalidation: in one cache when `cache` is given, else in every cache
   * it reaches (a key: its one owner; a pattern: every cache whose keys it matches), each with its
   * cascade. Refuses what reaches no cache, naming it. `mode`, when given, is every target's (the
   * call's choice); else the named target is deleted and each cascade target has its manifest mode.
   */
  targetsOf(patternOrKey: string, cache?: CacheModel, mode?: InvalidationMode): readonly InvalidationTarget[] {
    const { layer, model } = this.#context;
    if (typeof patternOrKey !== "string") throw unknownCacheError(patternOrKey, layer);
    let targets: readonly InvalidationTarget[];
    if (cache) {
      if (!cache.accepts(patternOrKey)) throw keyNotInCacheError(cache, patternOrKey, layer);
      targets = this.#withCascades([cache], patternOrKey);
    } else {
      const caches = [...model.caches.values()].filter((candidate) => candidate.accepts(patternOrKey));
      if (caches.length === 0) throw unknownCacheError(patternOrKey, layer);
      targets = this.#withCascades(caches, patternOrKey);
    }
    if (mode === undefined) return targets;
    return targets.map((target) => (mode === "expire" ? { ...target, mode } : { cache: target.cache, target: target.target, isPattern: target.isPattern }));
  }

  /** The probe's time, when a probe is attached: a write reads it when its store acknowledged it. */
  now(): number | undefined {
    return this.#context.probe?.()?.now();
  }

  /**
   * Drops every target at its owner; rejects with the first failure after all were tried.
   * `acknowledgedAt` (`now()` when the write's store acknowledged it) times each target's invalidation delay.
   */
  carryOut(targets: readonly InvalidationTarget[], origin: InvalidationOrigin, acknowledgedAt?: number): Promise<void> {
    if (targets.length === 0) return Promise.resolve();
    const probe = this.#context.probe?.();
    if (probe === undefined) return this.#carryOut(targets, origin, undefined);
    const first = targets[0]!;
    const site = { cache: first.cache, layer: this.#context.layer, key: first.target, isPattern: first.isPattern, operation: origin };
    return probe.trace("cascade", site, () => this.#carryOut(targets, origin, acknowledgedAt));
  }

  async #carryOut(targets: readonly InvalidationTarget[], origin: InvalidationOrigin, acknowledgedAt: number | undefined): Promise<void> {
    const outcomes = await Promise.allSettled(targets.map((target) => this.#dropTraced(target, origin, acknowledgedAt)));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (!failed) return;
    this.#reportError(targets[0]!.cache, targets[0]!.target, failed.reason);
    throw failed.reason;
  }

  /** Drops (or, with `mode: "expire"`, marks stale) a target of one of this layer's caches, then tells the other processes and the listeners. */
  async dropHere(cache: string, target: string, isPattern: boolean, origin: InvalidationOrigin, mode?: InvalidationMode): Promise<void> {
    const owner = this.#context.owners.get(cache);
    if (!owner) return;
    const probe = origin === "remote" ? this.#context.probe?.() : undefined;
    if (probe !== undefined) {
      const site = { cache, layer: this.#context.layer, key: target, isPattern, owner: this.#context.layer };
      return probe.trace("drop", site, () => this.#dropHere(owner, target, isPattern, origin, mode));
    }
    return this.#dropHere(owner, target, isPattern, origin, mode);
  }

  async #dropHere(owner: CacheOwner, target: string, isPattern: boolean, origin: InvalidationOrigin, mode: InvalidationMode | undefined): Promise<void> {
    const cache = owner.name;
    await owner.drop(target, isPattern, origin, mode);
    await this.announce(cache, target, isPattern, mode);
  }

  /**
   * Tells this layer's listeners and its other processes (bus) that `target` changed. A write
   * announces its own key this way: remote readers holding a copy drop it.
   */
  async announce(cache: string, target: string, isPattern: boolean, mode?: InvalidationMode): Promise<void> {
    const expire = mode === "expire";
    this.#listeners.emit(expire ? { cache, target, isPattern, mode } : { cache, target, isPattern });
    const { bus, processId, layer } = this.#context;
    try {
      await bus.publish(expire ? { origin: processId, layer, cache, target, isPattern, mode } : { origin: processId, layer, cache, target, isPattern });
    } catch (error) {
      // The write itself succeeded; the bus (or its retry queue) reports its own outage.
      this.#reportError(cache, target, error);
    }
  }

  /** Hears every invalidation carried out here; returns the unsubscribe function. */
  onInvalidate(listener: (invalidation: RouteInvalidation) => void): () => void {
    return this.#listeners.add(listener);
  }

  close(): void {
    this.#unsubscribe();
    this.#unwatch?.();
    this.#listeners.clear();
  }

  /** Sends one kept invalidation to its owner again (the outbox's replay). */
  deliver(pending: PendingInvalidation): Promise<void> {
    const probe = this.#context.probe?.();
    if (probe === undefined) return this.#deliver(pending);
    const site = { cache: pending.cache, layer: this.#context.layer, key: pending.target, isPattern: pending.isPattern, owner: pending.owner };
    return probe.trace("outbox-delivery", site, () => this.#deliver(pending));
  }

  #deliver(pending: PendingInvalidation): Promise<void> {
    const route = this.#routeTo(pending.owner);
    if (!route) return Promise.reject(this.#noRoute(pending, pending.owner));
    return pending.mode === "expire" ?
        route.invalidate(pending.cache, pending.target, pending.isPattern, "expire")
      : route.invalidate(pending.cache, pending.target, pending.isPattern);
  }

  /**
   * Drops one target at its owner. An owner that cannot be reached now (the network, its store, a lazy
   * route not there yet) gets the target through the outbox later: the write stays applied, and the
   * invalidation is kept durably and replayed until delivered, never dropped. A refusal (a 4xx, a key
   * outside the cache) is an error of the call and fails it.
   */
  /** `#dropAtOwner`, as an `invalidate` call of the probe, which hears the target's delay once its owner dropped it. */
  #dropTraced(target: InvalidationTarget, origin: InvalidationOrigin, acknowledgedAt: number | undefined): Promise<unknown> {
    const probe = this.#context.probe?.();
    if (probe === undefined) return this.#dropAtOwner(target, origin);
    const { layer } = this.#context;
    const owner = this.#ownerLayerOf(target) ?? "?";
    const site = { cache: target.cache, layer, key: target.target, isPattern: target.isPattern, owner };
    return probe.trace("invalidate", site, async () => {
      const reached = await this.#dropAtOwner(target, origin);
      if (reached && acknowledgedAt !== undefined) {
        probe.invalidated({
          cache: target.cache,
          layer,
          owner,
          target: target.target,
          isPattern: target.isPattern,
          delayMs: probe.now() - acknowledgedAt,
          via: "direct",
        });
      }
    });
  }

  /** Resolves `true` when the owner dropped the target, `false` when it was kept in the outbox for later. */
  #dropAtOwner(target: InvalidationTarget, origin: InvalidationOrigin): Promise<boolean> {
    const { layer } = this.#context;
    const owner = this.#ownerLayerOf(target);
    if (owner === layer) return this.dropHere(target.cache, target.target, target.isPattern, origin, target.mode).then(() => true);
    const route = this.#routeTo(owner);
    if (!route) return this.#keep(target, owner, this.#noRoute(target, owner)).then(() => false);
    const sent =
      target.mode === "expire" ?
        route.invalidate(target.cache, target.target, target.isPattern, "expire")
      : route.invalidate(target.cache, target.target, target.isPattern);
    return sent.then(
      () => true,
      (error: unknown) => (isUnreachable(error) ? this.#keep(target, owner, error).then(() => false) : Promise.reject(error)),
    );
  }

  #keep(target: InvalidationTarget, owner: string | undefined, error: unknown): Promise<void> {
    const outbox = this.#context.outbox;
    if (!outbox || owner === undefined) return Promise.reject(error);
    const pending = { owner, cache: target.cache, target: target.target, isPattern: target.isPattern };
    return outbox.keep(target.mode === "expire" ? { ...pending, mode: target.mode } : pending, error);
  }

  #checkReachable(target: InvalidationTarget): void {
    const owner = this.#ownerLayerOf(target);
    if (owner !== undefined && owner !== this.#context.layer && !this.#routeTo(owner)) throw this.#noRoute(target, owner);
  }

  #ownerLayerOf(target: InvalidationTarget): string | undefined {
    return this.#context.model.caches.get(target.cache)?.primary;
  }

  #routeTo(layer: string | undefined) {
    const source = layer === undefined ? undefined : this.#context.remotes[layer];
    return source === undefined ? undefined : routeOf(source);
  }

  #noRoute(target: { readonly cache: string; readonly target: string }, owner: string | undefined): BorrowError {
    const { layer } = this.#context;
    return new BorrowError(noRouteMessage(target.cache, layer, owner ?? "?"), { rule: "route-to-owner", cache: target.cache, key: target.target, layer });
  }

  #withCascades(caches: readonly CacheModel[], patternOrKey: string): readonly InvalidationTarget[] {
    const isPattern = patternOrKey.includes("*");
    const targets = caches.flatMap((cache) => [
      { cache: cache.name, target: patternOrKey, isPattern },
      ...this.#context.model.invalidationsOf(cache.name, patternOrKey),
    ]);
    return unique(targets);
  }

  async #fromBus(message: InvalidationMessage): Promise<void> {
    const { processId, layer, owners } = this.#context;
    if (message.origin === processId || message.layer !== layer) return;
    const owner = owners.get(message.cache);
    if (!owner) return;
    try {
      // The sender already changed a shared store (Redis): only this process's copy goes, or a new value could be deleted.
      const expire = message.mode === "expire";
      await owner.forget(message.target, message.isPattern, expire ? "expire" : undefined);
      const heard = { cache: message.cache, target: message.target, isPattern: message.isPattern };
      this.#listeners.emit(expire ? { ...heard, mode: "expire" } : heard);
    } catch (error) {
      this.#reportError(message.cache, message.target, error);
    }
  }

  async #reconnected(): Promise<void> {
    try {
      await this.#context.dropVolatile();
    } catch (error) {
      this.#reportError("", "", error);
    }
  }

  #reportError(cache: string, key: string, error: unknown): void {
    this.#context.reportError(cache, key, error);
  }
}

/** A target reached twice (two caches cascading to one, two keys of a batch) is dropped once, and deleted if either way deletes it. */
function unique(targets: readonly InvalidationTarget[]): readonly InvalidationTarget[] {
  const byId = new Map<string, InvalidationTarget>();
  for (const target of targets) {
    const id = `${target.cache}\0${target.target}`;
    const known = byId.get(id);
    if (!known) byId.set(id, target);
    else if (strongerMode(known.mode, target.mode) === undefined && known.mode === "expire")
      byId.set(id, { cache: target.cache, target: target.target, isPattern: target.isPattern });
  }
  return [...byId.values()];
}

/** An owner that cannot answer now, as opposed to one that refused: worth keeping and trying again. */
function isUnreachable(error: unknown): boolean {
  if (error instanceof StoreError) return true;
  return error instanceof BorrowError && error.rule === "route-to-owner" && error.cause !== undefined;
}
