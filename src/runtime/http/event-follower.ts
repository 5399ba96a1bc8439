import type { RouteInvalidation } from "../contracts/route.js";
import { parseSse } from "./sse.js";

/** How `EventFollower` reaches the feed. */
export interface EventFollowerOptions {
  readonly url: URL;
  readonly fetch: typeof fetch;
  readonly headers: () => Headers;
  /** Milliseconds to wait for the feed to answer before retrying. */
  readonly connectTimeout: number;
  readonly reconnect: { readonly min: number; readonly max: number };
}

type Listener = (invalidation: RouteInvalidation) => void;

/**
 * Follows a `serveLayer` event feed while anyone listens: connects on the first listener, reconnects
 * with doubling backoff when the feed drops or fails, disconnects after the last listener leaves. After
 * a reconnect it tells listeners to drop every pattern of every exposed cache (from the new `hello`),
 * because invalidations sent while it was away were lost: better drop than serve stale.
 *
 * @example
 * declare const events: URL, headers: () => Headers, dropCopy: (invalidation: unknown) => void
 * const follower = new EventFollower({ url: events, fetch, headers, connectTimeout: 5000, reconnect: { min: 250, max: 5000 } })
 * const stop = follower.add((inv) => dropCopy(inv))
 */
export class EventFollower {
  readonly #options: EventFollowerOptions;
  readonly #listeners = new Set<Listener>();
  #abort: AbortController | undefined;
  #everConnected = false;
  #connected: Promise<void>;
  #markConnected: () => void = () => undefined;

  constructor(options: EventFollowerOptions) {
    this.#options = options;
    this.#connected = this.#freshConnectedPromise();
  }

  /** Adds a listener (starting the feed if it is the first); returns its removal. */
  add(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (!this.#abort) this.#start();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.close();
    };
  }

  /** Resolves when the feed is connected; waits for the next connection while it is down. */
  connected(): Promise<void> {
    return this.#connected;
  }

  /** Disconnects and stops reconnecting (until a listener is added again). */
  close(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  #freshConnectedPromise(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#markConnected = resolve;
    });
  }

  #start(): void {
    const abort = new AbortController();
    this.#abort = abort;
    void this.#loop(abort.signal);
  }

  async #loop(signal: AbortSignal): Promise<void> {
    let delay = this.#options.reconnect.min;
    while (!signal.aborted) {
      try {
        const heard = await this.#follow(signal);
        if (heard) delay = this.#options.reconnect.min;
      } catch {
        // A failed or dropped connection: retry below.
      }
      if (signal.aborted) break;
      await sleep(delay, signal);
      delay = Math.min(delay * 2, this.#options.reconnect.max);
    }
  }

  /** One connection, until it ends; returns whether it got as far as `hello`. */
  async #follow(signal: AbortSignal): Promise<boolean> {
    const connect = new AbortController();
    const onAbort = (): void => connect.abort();
    signal.addEventListener("abort", onAbort);
    const timer = setTimeout(() => connect.abort(), this.#options.connectTimeout);
    let helloSeen = false;
    try {
      const response = await this.#options.fetch(this.#options.url, { headers: this.#options.headers(), signal: connect.signal });
      clearTimeout(timer);
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel();
        return false;
      }
      for await (const event of parseSse(response.body)) {
        if (event.event === "hello") {
          helloSeen = true;
          if (this.#everConnected) this.#dropEverything(event.data);
          this.#everConnected = true;
          this.#markConnected();
        } else if (event.event === "invalidate") {
          const invalidation = parseInvalidation(event.data);
          if (invalidation) this.#emit(invalidation);
        }
      }
      return helloSeen;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      if (helloSeen) this.#connected = this.#freshConnectedPromise();
    }
  }

  #dropEverything(helloData: string): void {
    let hello: { caches?: Record<string, unknown> };
    try {
      hello = JSON.parse(helloData) as typeof hello;
    } catch {
      return;
    }
    for (const [cache, patterns] of Object.entries(hello.caches ?? {})) {
      if (!Array.isArray(patterns)) continue;
      for (const pattern of patterns) {
        if (typeof pattern === "string") this.#emit({ cache, target: pattern, isPattern: pattern.includes("*") });
      }
    }
  }

  #emit(invalidation: RouteInvalidation): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(invalidation);
      } catch {
        // One listener's failure must not keep the others from dropping their copies.
      }
    }
  }
}

function parseInvalidation(data: string): RouteInvalidation | undefined {
  try {
    const value = JSON.parse(data) as Partial<RouteInvalidation>;
    if (typeof value.cache === "string" && typeof value.target === "string" && typeof value.isPattern === "boolean") {
      const heard = { cache: value.cache, target: value.target, isPattern: value.isPattern };
      return value.mode === "expire" ? { ...heard, mode: "expire" } : heard;
    }
  } catch {
    // A malformed event is skipped; the feed goes on.
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
