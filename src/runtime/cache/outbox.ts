import type { Clock } from "../contracts/clock.js";
import type { PendingInvalidation } from "../contracts/pending.js";
import type { StoredEntry, StorePartition } from "../contracts/store.js";

export type { PendingInvalidation };

/** What an outbox needs from its layer. */
export interface OutboxContext {
  /** Where entries are kept so they survive a reload or a restart: a partition of the layer's store. */
  readonly partition: StorePartition | undefined;
  readonly clock: Clock;
  /** Sends one invalidation to its owner; rejects while the owner cannot be reached. */
  readonly deliver: (pending: PendingInvalidation) => Promise<void>;
  /** Hears each entry kept and each delivered. */
  readonly onChange: (pending: PendingInvalidation, change: "queued" | "delivered") => void;
  /** Reports a failure to keep an entry (the store refused it): the invalidation is still retried from memory. */
  readonly onError: (pending: PendingInvalidation, error: unknown) => void;
  /** First and longest wait between two replays, in ms. @default { min: 250, max: 30000 } */
  readonly backoff?: { readonly min: number; readonly max: number } | undefined;
}

/**
 * The durable outbox of one layer (G7, "writes are never silently dropped"): a write whose cascade cannot
 * reach an owner right now is applied here, and each invalidation it could not deliver is kept — in the
 * layer's own store (IndexedDB in a browser, Redis on a server), so it survives a reload or a restart —
 * and replayed with backoff until the owner has it. Replays are idempotent (dropping a key twice is
 * dropping it once), so an entry delivered by one process and replayed by another does no harm; the
 * same target queued twice is one entry.
 *
 * @example
 * const outbox = new Outbox({
 *   partition: memoryStore().partition("~outbox", {}),
 *   clock: systemClock,
 *   deliver: (pending) => edge.route.invalidate(pending.cache, pending.target, pending.isPattern),
 *   onChange: (pending, change) => console.log(change, pending.target),
 *   onError: (pending, error) => console.error(pending.target, error),
 * });
 * await outbox.keep({ owner: "edge", cache: "profile", target: "profile:42", isPattern: false }, new Error("edge unreachable"));
 * outbox.list() //=> [{ owner: "edge", cache: "profile", target: "profile:42", isPattern: false, since: …, attempts: 1, lastError: "edge unreachable" }]
 */
export class Outbox {
  readonly #context: OutboxContext;
  readonly #entries = new Map<string, PendingInvalidation>();
  #timer: unknown;
  #waitMs: number;
  #flushing: Promise<void> | undefined;
  #closed = false;

  constructor(context: OutboxContext) {
    this.#context = context;
    this.#waitMs = context.backoff?.min ?? 250;
  }

  /** Keeps an invalidation that could not be delivered, and schedules its replay. */
  async keep(target: Omit<PendingInvalidation, "since" | "attempts" | "lastError">, error: unknown): Promise<void> {
    const id = idOf(target);
    const known = this.#entries.get(id);
    const { mode, ...where } = target;
    // The same target kept as an expire and as a delete is delivered as a delete.
    const expire = mode === "expire" && (known === undefined || known.mode === "expire");
    const pending: PendingInvalidation = {
      ...where,
      ...(expire ? { mode } : {}),
      since: known?.since ?? this.#context.clock.now(),
      attempts: (known?.attempts ?? 0) + 1,
      lastError: describe(error),
    };
    this.#entries.set(id, pending);
    this.#context.onChange(pending, "queued");
    await this.#persist(id, pending);
    this.#schedule();
  }

  /** What waits for delivery, oldest first. */
  list(): PendingInvalidation[] {
    return [...this.#entries.values()].sort((a, b) => a.since - b.since);
  }

  /**
   * Reads back what an earlier run of this layer kept (a reload, a restart) and schedules its replay.
   * Resolves how many entries were found.
   */
  async restore(): Promise<number> {
    const partition = this.#context.partition;
    if (!partition) return 0;
    let found = 0;
    for await (const id of partition.keys()) {
      const entry = await partition.get(id);
      const pending = entry?.value as PendingInvalidation | undefined;
      if (!pending || this.#entries.has(id)) continue;
      this.#entries.set(id, pending);
      found++;
    }
    if (found > 0) this.#schedule(0);
    return found;
  }

  /** Tries every entry now; resolves when the attempt is over (entries that still fail stay). */
  flush(): Promise<void> {
    this.#flushing ??= this.#flushOnce().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  /** Stops replaying; what is kept stays in the store for the next run. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#context.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #flushOnce(): Promise<void> {
    let failed = false;
    for (const [id, pending] of [...this.#entries]) {
      if (this.#closed) return;
      try {
        await this.#context.deliver(pending);
      } catch (error) {
        failed = true;
        this.#entries.set(id, { ...pending, attempts: pending.attempts + 1, lastError: describe(error) });
        continue;
      }
      // A newer failure of the same target (kept while this delivery ran) stays for the next round.
      if (this.#entries.get(id) !== pending) continue;
      this.#entries.delete(id);
      this.#context.onChange(pending, "delivered");
      try {
        await this.#context.partition?.delete(id);
      } catch {
        // Left in the store: the next run replays it once more, which is harmless (idempotent).
      }
    }
    const max = this.#context.backoff?.max ?? 30_000;
    this.#waitMs = failed ? Math.min(max, this.#waitMs * 2) : (this.#context.backoff?.min ?? 250);
    if (this.#entries.size > 0) this.#schedule();
  }

  #schedule(waitMs = this.#waitMs): void {
    if (this.#closed || this.#timer !== undefined) return;
    this.#timer = this.#context.clock.setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, waitMs);
  }

  async #persist(id: string, pending: PendingInvalidation): Promise<void> {
    const partition = this.#context.partition;
    if (!partition) return;
    const entry: StoredEntry = { value: pending, storedAt: pending.since };
    try {
      await partition.set(id, entry);
    } catch (error) {
      this.#context.onError(pending, error);
    }
  }
}

/** One entry per owner, cache and target: the same invalidation kept twice is kept once. */
function idOf(target: { readonly owner: string; readonly cache: string; readonly target: string }): string {
  return `${encodeURIComponent(target.owner)}:${encodeURIComponent(target.cache)}:${encodeURIComponent(target.target)}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
