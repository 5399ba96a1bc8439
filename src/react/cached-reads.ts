import { matchesPattern } from "../runtime/pattern/index.js";
import type { RouteInvalidation } from "../runtime/contracts/route.js";
import { readingHandle } from "./cached-handle.js";
import { CachedRead, type CachedReadHost } from "./cached-read.js";
import { followChanges, type ChangeRemotes, type ChangeSource } from "./follow-changes.js";

/** A layer as a provider holds it: where its changes come from, and its name, which handles carry. */
export interface ProvidedLayer extends ChangeSource {
  readonly name: string;
}

/**
 * The reads of one `LayerProvider`: one `CachedRead` per handle and key, found by every component
 * that renders the key, and the changes of the layer and its remote owners sent to the reads of the
 * key (or of every key a pattern matches). Changes are followed while the provider is mounted or a
 * component holds a read — never during a server render, which mounts nothing. Per provider rather
 * than per layer, so a server render (a provider per request) shares nothing with the next one.
 *
 * @example
 * const reads = new CachedReads(client, { edge })
 * const stop = reads.follow()
 * const read = reads.read(client.own("user_data"), "user:1", "useCached")
 */
export class CachedReads implements CachedReadHost {
  readonly layer: ProvidedLayer;
  readonly #remotes: ChangeRemotes;
  /** handle → key → its read: where renders find it. */
  readonly #byHandle = new WeakMap<object, Map<string, CachedRead>>();
  /** cache → key → reads (a cache may be read through two handles): where changes find them. */
  readonly #byKey = new Map<string, Map<string, Set<CachedRead>>>();
  #followers = 0;
  #stopFollowing: (() => void) | undefined;

  constructor(layer: ProvidedLayer, remotes: ChangeRemotes = {}) {
    this.layer = layer;
    this.#remotes = remotes;
  }

  get following(): boolean {
    return this.#stopFollowing !== undefined;
  }

  /** The shared read of `key` through `handle`, made at its first render. */
  read(handle: unknown, key: string, caller: string): CachedRead {
    const reading = readingHandle(handle, caller);
    const found = this.#byHandle.get(reading)?.get(key);
    if (found) return found;
    const read = new CachedRead(reading, key, this);
    this.#add(read);
    return read;
  }

  /** Follows the layer's and the remotes' changes until the returned function is called (counted: the last stop stops). */
  follow(): () => void {
    if (this.#followers++ === 0) this.#stopFollowing = followChanges(this.layer, this.#remotes, (change) => this.#changed(change));
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--this.#followers > 0) return;
      this.#stopFollowing?.();
      this.#stopFollowing = undefined;
    };
  }

  hold(read: CachedRead): () => void {
    this.#add(read);
    const unfollow = this.follow();
    return () => {
      unfollow();
      this.discard(read);
    };
  }

  discard(read: CachedRead): void {
    const keys = this.#byHandle.get(read.handle);
    if (keys?.get(read.key) === read) keys.delete(read.key);
    const reads = this.#byKey.get(read.cache)?.get(read.key);
    reads?.delete(read);
    if (reads?.size === 0) this.#byKey.get(read.cache)!.delete(read.key);
  }

  #add(read: CachedRead): void {
    let keys = this.#byHandle.get(read.handle);
    if (!keys) this.#byHandle.set(read.handle, (keys = new Map<string, CachedRead>()));
    if (!keys.has(read.key)) keys.set(read.key, read);
    let byKey = this.#byKey.get(read.cache);
    if (!byKey) this.#byKey.set(read.cache, (byKey = new Map<string, Set<CachedRead>>()));
    let reads = byKey.get(read.key);
    if (!reads) byKey.set(read.key, (reads = new Set<CachedRead>()));
    reads.add(read);
  }

  #changed({ cache, target, isPattern }: RouteInvalidation): void {
    const keys = this.#byKey.get(cache);
    if (!keys) return;
    if (!isPattern) {
      for (const read of keys.get(target) ?? []) read.changed();
      return;
    }
    for (const [key, reads] of keys) {
      if (matchesPattern(target, key)) for (const read of reads) read.changed();
    }
  }
}
