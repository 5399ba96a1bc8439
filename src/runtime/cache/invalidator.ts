import type { InvalidationBus, InvalidationMessage } from "../contracts/bus.js";
import { BorrowError } from "../errors.js";
import type { InvalidationTarget, ManifestModel } from "../model/model.js";
import { noRouteMessage } from "../messages/borrow.js";
import type { LayerRoute, RouteInvalidation } from "../contracts/route.js";
import type { CacheEngine } from "./cache-engine.js";
import type { LayerEvents } from "./layer-events.js";

/** Why something was dropped here, for the `invalidate` event. */
export type InvalidationOrigin = "write" | "manual" | "remote" | "bus";

/** What the invalidator needs from its layer. */
export interface InvalidatorContext {
  readonly layer: string;
  readonly model: ManifestModel;
  readonly engines: ReadonlyMap<string, CacheEngine>;
  /** Looked up at each use, so a route added to the `remotes` object after creation is found. */
  readonly remotes: Readonly<Record<string, LayerRoute | undefined>>;
  readonly bus: InvalidationBus;
  readonly processId: string;
  readonly events: LayerEvents;
  readonly dropVolatile: () => void | Promise<void>;
}

/**
 * Carries out invalidations for one layer: each target at its owner (a cache of this layer, or the
 * owner layer's route), the other processes of this layer through the bus, and this layer's
 * `onInvalidate` listeners (which `serveLayer` turns into server-sent events for remote readers).
 *
 * The whole cascade is computed once, by the layer that starts it (`model.invalidationsOf` is
 * transitive), and each owner then drops exactly what it is sent: nothing is dropped twice, and an
 * owner needs no route back to the writer.
 *
 * @example
 * const targets = invalidator.plan(model.invalidationsOf("user_data", "user:42")); // throws if an owner is unreachable
 * await invalidator.carryOut(targets, "write");
 */
export class Invalidator {
  readonly #context: InvalidatorContext;
  readonly #listeners = new Set<(invalidation: RouteInvalidation) => void>();
  readonly #unsubscribe: () => void;

  constructor(context: InvalidatorContext) {
    this.#context = context;
    this.#unsubscribe = context.bus.subscribe(
      (message) => void this.#fromBus(message),
      () => void this.#reconnected(),
    );
  }

  /** Checks that every target's owner is this layer or has a route, before anything is written. */
  plan(targets: readonly InvalidationTarget[]): readonly InvalidationTarget[] {
    const { layer, model, remotes } = this.#context;
    for (const target of targets) {
      const owner = model.caches.get(target.cache)?.primary;
      if (owner === undefined || owner === layer || remotes[owner] !== undefined) continue;
      throw new BorrowError(noRouteMessage(target.cache, layer, owner), { rule: "route-to-owner", cache: target.cache, key: target.target, layer });
    }
    return targets;
  }

  /** Drops every target at its owner; rejects with the first failure after all were tried. */
  async carryOut(targets: readonly InvalidationTarget[], origin: InvalidationOrigin): Promise<void> {
    if (targets.length === 0) return;
    const { layer, model, remotes } = this.#context;
    const outcomes = await Promise.allSettled(
      targets.map((target) => {
        const owner = model.caches.get(target.cache)?.primary;
        if (owner === layer) return this.dropHere(target.cache, target.target, target.isPattern, origin);
        const route = owner === undefined ? undefined : remotes[owner];
        if (!route) return Promise.reject(new BorrowError(noRouteMessage(target.cache, layer, owner ?? "?"), { rule: "route-to-owner", cache: target.cache, key: target.target, layer }));
        return route.invalidate(target.cache, target.target, target.isPattern);
      }),
    );
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (failed) {
      this.#emitError(targets[0]!.cache, targets[0]!.target, failed.reason);
      throw failed.reason;
    }
  }

  /** Drops a target of one of this layer's caches, then tells the other processes and the listeners. */
  async dropHere(cache: string, target: string, isPattern: boolean, origin: InvalidationOrigin): Promise<void> {
    const engine = this.#context.engines.get(cache);
    if (!engine) return;
    await engine.drop(target, isPattern);
    this.#emitInvalidate(cache, target, isPattern, origin);
    await this.announce(cache, target, isPattern);
  }

  /**
   * Tells the other processes of this layer (bus) and this layer's listeners that `target` changed.
   * A `set` announces its own key this way: remote readers holding a copy drop it.
   */
  async announce(cache: string, target: string, isPattern: boolean): Promise<void> {
    this.#notify({ cache, target, isPattern });
    const { bus, processId, layer } = this.#context;
    try {
      await bus.publish({ origin: processId, layer, cache, target, isPattern });
    } catch (error) {
      // The write itself succeeded; the bus (or its retry queue) reports its own outage.
      this.#emitError(cache, target, error);
    }
  }

  /** Subscribes to every invalidation carried out here; returns the unsubscribe function. */
  onInvalidate(listener: (invalidation: RouteInvalidation) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }

  async #fromBus(message: InvalidationMessage): Promise<void> {
    const { processId, layer, engines } = this.#context;
    if (message.origin === processId || message.layer !== layer) return;
    const engine = engines.get(message.cache);
    if (!engine) return;
    try {
      // The sender already changed a shared store (Redis): only this process's copy goes, or a new value could be deleted.
      await engine.forget(message.target, message.isPattern);
      this.#emitInvalidate(message.cache, message.target, message.isPattern, "bus");
      this.#notify({ cache: message.cache, target: message.target, isPattern: message.isPattern });
    } catch (error) {
      this.#emitError(message.cache, message.target, error);
    }
  }

  async #reconnected(): Promise<void> {
    try {
      await this.#context.dropVolatile();
    } catch (error) {
      this.#emitError("", "", error);
    }
  }

  #notify(invalidation: RouteInvalidation): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(invalidation);
      } catch {
        // a listener (an SSE connection) cannot fail the invalidation itself
      }
    }
  }

  #emitInvalidate(cache: string, target: string, isPattern: boolean, origin: InvalidationOrigin): void {
    const { events, layer } = this.#context;
    if (events.listening.invalidate) events.emit("invalidate", { key: target, cache, layer, isPattern, origin });
  }

  #emitError(cache: string, key: string, error: unknown): void {
    const { events, layer } = this.#context;
    if (events.listening.error) events.emit("error", { key, cache, layer, error, operation: "invalidate" });
  }
}
