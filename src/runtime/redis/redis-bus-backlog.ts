/**
 * The invalidations a bus could not publish yet, waiting to go out in batches. An invalidation carries
 * no value — it says "forget this key (or pattern) of this cache" — so the same message twice says no
 * more than once, and messages may go out in any order: a message waiting here is kept once (a `Map`
 * by its text, not a scan), and a message already on its way does not absorb a later one (that one is
 * sent too, after the write that caused it).
 *
 * The backlog is bounded. Past the bound it never drops an invalidation silently: it folds every
 * waiting message of a cache into one "forget everything of this cache" message (the pattern `*`,
 * which any receiver, old or new, applies to its in-process copies), so a receiver drops more than it
 * had to, never less. Each fold is an `overflow` event.
 */
import type { InvalidationMessage } from "../contracts/bus.js";
import { messageText } from "./redis-bus-wire.js";

/** The pattern of a message that makes receivers forget every in-process copy of its cache. */
export const EVERYTHING = "*";

/** One waiting message. */
export interface BacklogEntry {
  readonly message: InvalidationMessage;
  /** Its wire text, also its identity. */
  readonly text: string;
  /** When it first waited (`performance.now()`). */
  readonly since: number;
}

/** What the backlog tells about itself, as events. */
export type BacklogEvent =
  /** A publish failed: messages wait from now on. */
  | { readonly type: "backlog"; readonly queued: number }
  /** Every waiting message went out, `afterMs` after the backlog began. */
  | { readonly type: "drained"; readonly afterMs: number; readonly sent: number }
  /** The bound was reached: `folded` messages of `caches` became one "forget everything" message per cache. */
  | { readonly type: "overflow"; readonly caches: readonly string[]; readonly folded: number; readonly queued: number };

/** Counters since the bus was made. */
export interface BacklogCounters {
  /** Messages that had to wait (after a failed publish, or behind others). */
  readonly queued: number;
  /** Waiting messages that went out. */
  readonly sent: number;
  /** Messages not queued because the same one already waited. */
  readonly coalesced: number;
  /** Times the bound was reached. */
  readonly overflows: number;
  /** Messages folded into "forget everything" messages (at an overflow, or arriving while one waits). */
  readonly folded: number;
}

/** Options of `BusBacklog`. */
export interface BusBacklogOptions {
  /** Most messages waiting or on their way; past it, a cache's messages fold into one. */
  readonly limit: number;
  readonly onEvent?: (event: BacklogEvent) => void;
  /** @default performance.now */
  readonly now?: () => number;
}

/**
 * A bounded, coalescing queue of invalidations.
 *
 * @example
 * const backlog = new BusBacklog({ limit: 10_000, onEvent: (event) => console.log(event.type) });
 * const message = { origin: "p1", layer: "server", cache: "notes", target: "note:1", isPattern: false };
 * backlog.add(message, JSON.stringify(message)); // "backlog"
 * const batch = backlog.take(500);
 * backlog.settle(batch, batch.map(() => true)); // "drained"
 */
export class BusBacklog {
  readonly #limit: number;
  readonly #onEvent: ((event: BacklogEvent) => void) | undefined;
  readonly #now: () => number;
  /** Waiting, oldest first, by text. */
  #waiting = new Map<string, BacklogEntry>();
  /** Taken by a flush, not yet settled. */
  readonly #sending = new Set<BacklogEntry>();
  /** Groups (origin, layer, cache) whose "forget everything" message waits: their messages add nothing. */
  readonly #everything = new Set<string>();
  #began = 0;
  #sentSinceBegan = 0;
  #counters = { queued: 0, sent: 0, coalesced: 0, overflows: 0, folded: 0 };

  constructor(options: BusBacklogOptions) {
    this.#limit = Math.max(1, options.limit);
    this.#onEvent = options.onEvent;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Messages waiting or on their way. */
  get size(): number {
    return this.#waiting.size + this.#sending.size;
  }

  /** Messages waiting (not on their way). */
  get waiting(): number {
    return this.#waiting.size;
  }

  get counters(): BacklogCounters {
    return { ...this.#counters };
  }

  /** How long the oldest message has waited, in ms (0 when none waits). */
  oldestMs(): number {
    let oldest = Infinity;
    for (const entry of this.#sending) oldest = Math.min(oldest, entry.since);
    const first = this.#waiting.values().next();
    if (!first.done) oldest = Math.min(oldest, first.value.since);
    return oldest === Infinity ? 0 : Math.max(0, this.#now() - oldest);
  }

  /** Queues `message` (its wire text `text`) unless the same one, or its cache's "forget everything", waits. */
  add(message: InvalidationMessage, text: string): void {
    this.#counters.queued++;
    if (this.#waiting.has(text)) {
      this.#counters.coalesced++;
      return;
    }
    if (this.#everything.size > 0 && this.#everything.has(groupOf(message))) {
      this.#counters.folded++; // its cache's "forget everything" waits: it says this and more
      return;
    }
    this.#begin();
    this.#put(this.#waiting, { message, text, since: this.#now() });
    if (this.size > this.#limit) this.#fold();
  }

  /** Up to `max` waiting messages, oldest first, now on their way. */
  take(max: number): BacklogEntry[] {
    const batch: BacklogEntry[] = [];
    for (const entry of this.#waiting.values()) {
      if (batch.length >= max) break;
      batch.push(entry);
    }
    for (const entry of batch) {
      this.#waiting.delete(entry.text);
      this.#sending.add(entry);
      if (entry.message.target === EVERYTHING && entry.message.isPattern) this.#everything.delete(groupOf(entry.message));
    }
    return batch;
  }

  /** The outcome of each of a `take`'s messages: sent ones leave, failed ones wait again, first in line. */
  settle(batch: readonly BacklogEntry[], sent: readonly boolean[]): void {
    const again: BacklogEntry[] = [];
    batch.forEach((entry, i) => {
      this.#sending.delete(entry);
      if (sent[i]) {
        this.#counters.sent++;
        this.#sentSinceBegan++;
      } else if (this.#waiting.has(entry.text)) {
        this.#counters.coalesced++; // a later copy waits: it goes out after the write that caused it
      } else if (this.#everything.has(groupOf(entry.message))) {
        this.#counters.folded++;
      } else {
        again.push(entry);
      }
    });
    if (again.length > 0) {
      // Rebuilt once per failed batch (a flush stops at its first failure), to keep the oldest first.
      const waiting = new Map<string, BacklogEntry>();
      for (const entry of again) waiting.set(entry.text, entry);
      for (const [text, entry] of this.#waiting) waiting.set(text, entry);
      this.#waiting = waiting;
      for (const entry of again) if (entry.message.target === EVERYTHING && entry.message.isPattern) this.#everything.add(groupOf(entry.message));
      if (this.size > this.#limit) this.#fold();
    }
    if (this.size === 0) this.#onEvent?.({ type: "drained", afterMs: this.#now() - this.#began, sent: this.#sentSinceBegan });
  }

  /** Forgets everything (the bus is closing). */
  clear(): void {
    this.#waiting.clear();
    this.#sending.clear();
    this.#everything.clear();
  }

  #begin(): void {
    if (this.size > 0) return;
    this.#began = this.#now();
    this.#sentSinceBegan = 0;
    this.#onEvent?.({ type: "backlog", queued: 1 });
  }

  #put(map: Map<string, BacklogEntry>, entry: BacklogEntry): void {
    map.set(entry.text, entry);
    if (entry.message.target === EVERYTHING && entry.message.isPattern) this.#everything.add(groupOf(entry.message));
  }

  // Every waiting message of a cache becomes one "forget everything" message of that cache, which
  // takes the place of the oldest; the messages on their way stay as they are.
  #fold(): void {
    const folded = new Map<string, BacklogEntry>();
    const caches = new Set<string>();
    let count = 0;
    for (const entry of this.#waiting.values()) {
      const group = groupOf(entry.message);
      if (folded.has(group)) {
        count++;
        continue;
      }
      const { origin, layer, cache } = entry.message;
      const everything: InvalidationMessage = { origin, layer, cache, target: EVERYTHING, isPattern: true };
      if (!(entry.message.target === EVERYTHING && entry.message.isPattern)) count++;
      caches.add(cache);
      folded.set(group, { message: everything, text: messageText(everything), since: entry.since });
    }
    this.#waiting = new Map();
    this.#everything.clear();
    for (const entry of folded.values()) this.#put(this.#waiting, entry);
    this.#counters.overflows++;
    this.#counters.folded += count;
    this.#onEvent?.({ type: "overflow", caches: [...caches], folded: count, queued: this.size });
  }
}

function groupOf(message: InvalidationMessage): string {
  return `${message.origin}\u0000${message.layer}\u0000${message.cache}`;
}
