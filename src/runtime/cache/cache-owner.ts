import type { Clock } from "../contracts/clock.js";
import type { CacheStore, StorePartition } from "../contracts/store.js";
import type { LayerEvents } from "../events/layer-events.js";
import type { LocalLock } from "../locks/local-lock.js";
import type { CacheModel } from "../model/model.js";
import type { CacheStatsSnapshot } from "./cache-stats.js";
import { CacheEngine, type CacheSource, type EngineRead } from "./cache-engine.js";
import { CacheRecorder } from "./cache-recorder.js";
import type { Cascade, InvalidationOrigin } from "./cascade.js";
import type { FillTicket } from "./fill-tickets.js";
import type { BatchWriteOp, SetOptions, WriteOp, WriteOutcome } from "./write-op.js";
import type { InvalidationMode } from "../contracts/invalidation-mode.js";
import { WriteOutcomeUnknownError } from "../errors.js";
import type { InvalidationTarget } from "../model/model.js";

/** What a layer gives each cache it owns. */
export interface CacheOwnerContext {
  readonly layer: string;
  readonly store: CacheStore;
  readonly clock: Clock;
  readonly events: LayerEvents;
  readonly locks: LocalLock;
  readonly source: CacheSource | undefined;
  /** The layer's cascade: plans, announces and carries out what a write invalidates. */
  readonly cascade: Cascade;
}

/**
 * The owner side of one cache, on its primary layer: the one home of everything that happens to the
 * cache's keys. Handles (`own`, `borrow`), the layer, request scopes, warm-up and routes (in-process
 * and `serveLayer`) all come here; they only check what the caller may do, then delegate.
 *
 * - `accepts` / `acceptsKey`: the cache's compiled membership test (from the manifest's model).
 * - reads (`get`, `read`, `has`, `getMany`, `getOrSet`, `stream`): the engine's, single-flight loads.
 * - `write(key, op)`: **the** write transaction — plan the cascade, apply to the store, record,
 *   announce on the bus, carry out the cascade. Every `set`, `delete`, `atomicUpdate` and `putStream`
 *   of every handle is this method.
 * - `drop` / `forget`: invalidation arriving here (a cascade, a route, the bus).
 *
 * @example
 * declare const users: CacheOwner; // the client layer's owner of user_data, which has a route to the edge
 * await users.write("user:42", { kind: "set", value: { name: "Ada" } }); // also drops 'profile:42' at the edge
 * await users.get("user:42") //=> { name: "Ada" }
 */
export class CacheOwner {
  readonly model: CacheModel;
  readonly name: string;
  readonly layer: string;
  readonly recorder: CacheRecorder;
  readonly #engine: CacheEngine;
  readonly #cascade: Cascade;

  constructor(model: CacheModel, context: CacheOwnerContext) {
    this.model = model;
    this.name = model.name;
    this.layer = context.layer;
    this.recorder = new CacheRecorder(model.name, context.layer, context.events);
    this.#cascade = context.cascade;
    this.#engine = new CacheEngine(model, {
      layer: context.layer,
      store: context.store,
      clock: context.clock,
      recorder: this.recorder,
      locks: context.locks,
      source: context.source,
    });
  }

  /** The cache's store partition (streaming upkeep reads it). */
  get partition(): StorePartition {
    return this.#engine.partition;
  }

  /** A key (no `*`) of this cache, or a pattern reaching one of its keys. */
  accepts(keyOrPattern: string): boolean {
    return this.model.accepts(keyOrPattern);
  }

  // ── reads: the engine's, not wrapped in another promise ─────────────────

  get(key: string): Promise<unknown> {
    return this.#engine.get(key);
  }

  read(key: string): Promise<EngineRead> {
    return this.#engine.read(key);
  }

  has(key: string): Promise<boolean> {
    return this.#engine.has(key);
  }

  getMany(keys: readonly string[]): Promise<unknown[]> {
    return this.#engine.getMany(keys);
  }

  /** Filling a miss replaces nothing, so it invalidates nothing: not a write transaction. */
  getOrSet(key: string, factory: () => unknown, options: SetOptions | undefined): Promise<unknown> {
    return this.#engine.getOrSet(key, factory, options);
  }

  stream(key: string): AsyncIterable<Uint8Array> {
    return this.#engine.stream(key);
  }

  // ── the write transaction ──────────────────────────────────────────────

  /**
   * Writes `key`: plans the cascade (refusing before anything is written when an owner of a target is
   * unreachable), applies `op` to the store (a failure keeps the old value and rejects), records the
   * write, announces `key` to this layer's other processes and listeners, then drops every target of
   * the cascade at its owner. Resolves what the operation returns (see `WriteOutcome.result`).
   */
  write(key: string, op: WriteOp): Promise<unknown> {
    const probe = this.recorder.probe;
    return probe === undefined ? this.#write(key, op) : probe.trace("write", this.recorder.site(key, op.kind), () => this.#write(key, op));
  }

  async #write(key: string, op: WriteOp): Promise<unknown> {
    const targets = this.#cascade.plan(this.name, key);
    let outcome: WriteOutcome;
    try {
      outcome = await this.#engine.apply(key, op);
    } catch (error) {
      if (error instanceof WriteOutcomeUnknownError) await this.#asIfApplied(key, targets);
      throw error;
    }
    const acknowledgedAt = this.#cascade.now();
    this.recorder.record(outcome.event, key);
    await this.#cascade.announce(this.name, key, false);
    await this.#cascade.carryOut(targets, "write", acknowledgedAt);
    return outcome.result;
  }

  /**
   * The write transaction of a batch (`setMany`, `deleteMany`): the same steps as `write`, once for
   * all keys — the cascades of every key planned first (a target reached by several keys is carried
   * out once), one store round trip where the store can, each key recorded and announced, then the
   * cascade. An unknown outcome is handled as `write` handles it, for every key. Resolves one result
   * per key, in order.
   */
  async writeMany(op: BatchWriteOp): Promise<unknown[]> {
    const keys = op.kind === "setMany" ? op.entries.map((entry) => entry.key) : op.keys;
    if (keys.length === 0) return [];
    const targets = this.#cascade.planMany(this.name, keys);
    let outcomes: WriteOutcome[];
    try {
      outcomes = await this.#engine.applyMany(op);
    } catch (error) {
      if (error instanceof WriteOutcomeUnknownError) await this.#asIfAppliedMany(keys, targets);
      throw error;
    }
    outcomes.forEach((outcome, index) => this.recorder.record(outcome.event, keys[index]!));
    await Promise.all(keys.map((key) => this.#cascade.announce(this.name, key, false)));
    await this.#cascade.carryOut(targets, "write");
    return outcomes.map((outcome) => outcome.result);
  }

  async #asIfAppliedMany(keys: readonly string[], targets: readonly InvalidationTarget[]): Promise<void> {
    for (const key of keys) this.#engine.forgetLocal(key);
    await Promise.all(keys.map((key) => this.#cascade.announce(this.name, key, false)));
    await this.#cascade.carryOut(targets, "write").catch(() => undefined); // carryOut reports its own failure
  }

  /**
   * G3: the store may have applied a write it could not confirm. Nobody may go on reading what was
   * there before, so the rest of the transaction runs as if it was applied — this process's own copy
   * goes, the other processes and listeners hear the key, the cascade is carried out — and the caller
   * still gets the `WriteOutcomeUnknownError`. A failure of that cascade is reported, not thrown over it.
   */
  async #asIfApplied(key: string, targets: readonly InvalidationTarget[]): Promise<void> {
    this.#engine.forgetLocal(key);
    await this.#cascade.announce(this.name, key, false);
    await this.#cascade.carryOut(targets, "write").catch(() => undefined); // carryOut reports its own failure
  }

  /** A ticket for a prefetch of `key` (warm-up): take it before asking the source, so a write meanwhile wins. */
  openFill(key: string): FillTicket {
    return this.#engine.openFill(key);
  }

  /** Gives up a prefetch ticket whose load found nothing or failed. */
  closeFill(ticket: FillTicket): void {
    this.#engine.closeFill(ticket);
  }

  /**
   * Stores a prefetched value (warm-up): a fill, so it announces and invalidates nothing, and it is not
   * stored when a write of the key came after its load started. Resolves whether it was stored.
   */
  async fill(key: string, value: unknown, ticket: FillTicket): Promise<boolean> {
    const stored = await this.#engine.fill(key, value, ticket);
    if (stored) this.recorder.record("set", key);
    return stored;
  }

  /** The layer may have missed changes (a bus reconnect): no load in flight stores what it loaded. */
  supersedeAll(): void {
    this.#engine.supersedeAll();
  }

  // ── invalidation arriving here ─────────────────────────────────────────

  /**
   * Drops a key, or every key matching a pattern, of this cache from the store, as an invalidation;
   * with `mode: "expire"`, marks them stale instead (served within `grace` while one refresh runs).
   */
  async drop(target: string, isPattern: boolean, origin: InvalidationOrigin, mode?: InvalidationMode): Promise<void> {
    await this.#engine.drop(target, isPattern, mode);
    this.recorder.record("invalidate", target, { isPattern, origin });
  }

  /** Another process of this layer changed `target`: forgets this process's copy only (see `CacheEngine.forget`). */
  async forget(target: string, isPattern: boolean, mode?: InvalidationMode): Promise<void> {
    await this.#engine.forget(target, isPattern, mode);
    this.recorder.record("invalidate", target, { isPattern, origin: "bus" });
  }

  // ── upkeep ─────────────────────────────────────────────────────────────

  stats(): CacheStatsSnapshot {
    return this.recorder.stats.snapshot(this.#engine.bytes());
  }

  /** Stops timers (session expiry); entries stay in the store. */
  close(): void {
    this.#engine.close();
  }
}
