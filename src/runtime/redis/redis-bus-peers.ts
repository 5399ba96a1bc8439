/**
 * The other buses of a namespace, as this one hears them. A bus whose own subscription delivers can
 * still miss another process's invalidations: that process's connection may be the one that went
 * silent (a half-open socket, a proxy black hole), and its writes then land in Redis while their
 * invalidations never leave it. Every bus pings with its id; a peer not heard for the liveness bound
 * makes every in-process copy here suspect, until it is heard again, says goodbye, or has been silent
 * so long that it is presumed gone (a crash without a goodbye).
 */

/** Options of `PeerWatch`. */
export interface PeerWatchOptions {
  /** A peer not heard for this long is silent. */
  readonly livenessMs: number;
  /** A peer silent for this long is presumed gone and forgotten. */
  readonly expiryMs: number;
  /** Told each time the set of silent peers changes from empty to not, or back. */
  readonly onChange: (anySilent: boolean) => void;
  readonly now?: () => number;
}

/**
 * Last-heard times of the peers of one bus.
 *
 * @example
 * const peers = new PeerWatch({ livenessMs: 2500, expiryMs: 10_000, onChange: (silent) => console.log({ silent }) });
 * peers.heard("bus-b");
 * peers.check(); // after 2.5 s without bus-b: { silent: true }
 */
export class PeerWatch {
  readonly #options: PeerWatchOptions;
  readonly #now: () => number;
  readonly #lastHeard = new Map<string, number>();
  #anySilent = false;

  constructor(options: PeerWatchOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Whether some peer is silent now. */
  get anySilent(): boolean {
    return this.#anySilent;
  }

  /** How many peers this bus knows. */
  get size(): number {
    return this.#lastHeard.size;
  }

  /** A ping (or any message) from `peer` arrived. */
  heard(peer: string): void {
    this.#lastHeard.set(peer, this.#now());
    if (this.#anySilent) this.check();
  }

  /** `peer` closed its bus: it will write nothing more, so its silence means nothing. */
  gone(peer: string): void {
    this.#lastHeard.delete(peer);
    if (this.#anySilent) this.check();
  }

  /** Re-evaluates who is silent (call it a few times per liveness bound); forgets peers past their expiry. */
  check(): void {
    const now = this.#now();
    let anySilent = false;
    for (const [peer, at] of this.#lastHeard) {
      const quiet = now - at;
      if (quiet >= this.#options.expiryMs) this.#lastHeard.delete(peer);
      else if (quiet >= this.#options.livenessMs) anySilent = true;
    }
    if (anySilent === this.#anySilent) return;
    this.#anySilent = anySilent;
    this.#options.onChange(anySilent);
  }

  clear(): void {
    this.#lastHeard.clear();
    this.#anySilent = false;
  }
}
