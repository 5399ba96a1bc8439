import type { ReadingHandle } from "./cached-handle.js";
import type { CachedState } from "./cached-state.js";

/** What a key's read needs from the reads of its provider. */
export interface CachedReadHost {
  /** Whether changes are being followed now: a read that starts otherwise is checked again once they are. */
  readonly following: boolean;
  /**
   * Keeps `read` where renders find it and changes reach it, with changes followed, until the returned
   * function is called; then forgets it, so a later mount reads afresh.
   */
  hold(read: CachedRead): () => void;
  /** Forgets a read no component holds (a first read that failed: a remount reads again). */
  discard(read: CachedRead): void;
}

const PENDING: CachedState<never> = Object.freeze({ status: "pending", data: undefined, error: undefined, isStale: false });

/**
 * One key's read, shared by every component of a provider that shows the key: one read through the
 * handle however many components mount together (no read per component), and one re-read per change
 * heard, however many events a write makes. A read that a later change overtook is never shown: each
 * change bumps a version, and only an answer to the current version lands. The state is an immutable
 * snapshot, for `useSyncExternalStore`.
 *
 * @example
 * import { readingHandle } from "./cached-handle.js"
 * declare const host: CachedReadHost // the provider's reads
 * const read = new CachedRead(readingHandle(client.own("user_data"), "useCached"), "user:1", host)
 * const stop = read.subscribe(() => console.log(read.getSnapshot()))
 */
export class CachedRead {
  readonly handle: ReadingHandle;
  readonly cache: string;
  readonly key: string;
  readonly #host: CachedReadHost;
  readonly #listeners = new Set<() => void>();
  #snapshot: CachedState<unknown> = PENDING;
  #version = 0;
  /** The read of the current version, until it answers. */
  #reading: Promise<void> | undefined;
  /** The current value was read while no change was followed: a write in between went unheard. */
  #readUnfollowed = false;
  #succeeded = false;
  #release: (() => void) | undefined;

  constructor(handle: ReadingHandle, key: string, host: CachedReadHost) {
    this.handle = handle;
    this.cache = handle.cache;
    this.key = key;
    this.#host = host;
  }

  /** Whether a read has answered once: a suspended component throws a first failure, not a later one. */
  get succeeded(): boolean {
    return this.#succeeded;
  }

  readonly getSnapshot = (): CachedState<unknown> => this.#snapshot;

  /** `useSyncExternalStore`'s subscribe: follows changes from the first component on, and reads if nobody has. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    this.#release ??= this.#host.hold(this);
    if (this.#snapshot === PENDING) void this.load();
    else if (this.#readUnfollowed) this.changed(false);
    return () => {
      this.#listeners.delete(listener);
      // Not at once: React's StrictMode and a moved component unsubscribe and subscribe again in one go.
      if (this.#listeners.size === 0) queueMicrotask(() => this.#releaseIfUnused());
    };
  };

  /** The read of the current version (started now if none is running); settles, never rejects, when it answered. */
  load(): Promise<void> {
    this.#reading ??= this.#read();
    return this.#reading;
  }

  /**
   * The key (or a pattern matching it) changed: the value shown is out of date (`isStale`, when
   * `markStale`) and is read again on a microtask — once, whatever else changes before then, since
   * the first `load` there starts the read of the latest version and the others join it. A read no
   * component holds is forgotten instead.
   */
  changed(markStale = true): void {
    this.#version += 1;
    this.#reading = undefined;
    if (this.#listeners.size === 0 && !this.#release) {
      // Nobody shows it (a render that suspended, or that React dropped): forget it rather than read
      // for nobody; a render to come reads afresh.
      this.#host.discard(this);
      return;
    }
    this.#readUnfollowed = false;
    if (markStale && this.#snapshot.status !== "pending" && !this.#snapshot.isStale) this.#settle({ ...this.#snapshot, isStale: true });
    queueMicrotask(() => void this.load());
  }

  async #read(): Promise<void> {
    const version = this.#version;
    this.#readUnfollowed = !this.#host.following;
    try {
      const meta = await this.handle.getWithMeta(this.key);
      if (version !== this.#version) return;
      this.#succeeded = true;
      this.#settle({ status: "success", data: meta.value, error: undefined, isStale: meta.stale });
    } catch (error) {
      if (version !== this.#version) return;
      const shown = this.#snapshot;
      this.#settle({ status: "error", data: shown.data, error, isStale: shown.status !== "pending" });
    }
  }

  #settle(snapshot: CachedState<unknown>): void {
    this.#snapshot = Object.freeze(snapshot);
    for (const listener of [...this.#listeners]) listener();
  }

  /** After a first read failed: a suspended component throws it, and its next mount reads again. */
  discardIfUnused(): void {
    if (this.#listeners.size === 0 && !this.#release) this.#host.discard(this);
  }

  #releaseIfUnused(): void {
    if (this.#listeners.size > 0) return;
    this.#release?.();
    this.#release = undefined;
  }
}
