import { ScopeCleanupError, ScopeEndedError } from "./scope-errors.js";

/**
 * Where a request scope writes: the layer's owned handles for its `lifetime: "request"` caches.
 *
 * @example
 * const temp = new Map<string, unknown>()
 * const target: ScopeTarget = { set: (k, v) => temp.set(k, v), delete: (k) => temp.delete(k), get: (k) => temp.get(k) }
 */
export interface ScopeTarget {
  set(key: string, value: unknown): unknown;
  delete(key: string): unknown;
  get?(key: string): unknown;
}

/**
 * How a request scope ends besides its block: an abort (client gone, request timeout).
 *
 * @example
 * declare const request: Request
 * const options: RequestScopeOptions = { signal: request.signal, onCleanupError: (e) => console.warn(e.keys) }
 */
export interface RequestScopeOptions {
  /** Ends the scope (deleting its keys) when aborted; later `setScoped` calls throw. */
  readonly signal?: AbortSignal | undefined;
  /** Hears cleanup failures of an abort, which has no caller to throw to. @default console.error */
  readonly onCleanupError?: ((error: ScopeCleanupError) => void) | undefined;
}

// Runtimes without `Symbol.asyncDispose` (Node < 20.4, older browsers) get the method under the
// names the transpilers look for: Node's own and the one TypeScript's and esbuild's helpers fall back to.
const asyncDispose: typeof Symbol.asyncDispose = Symbol.asyncDispose ?? (Symbol.for("nodejs.asyncDispose") as typeof Symbol.asyncDispose);

/**
 * Everything one request stores for itself. Every key set through `setScoped` is deleted when the
 * scope ends: at the end of an `await using` block or of `withRequestScope`, when the block throws
 * (the error still reaches the caller), or when `signal` aborts. Ending waits for writes still in
 * flight, so a write that lands late is deleted too, and it is idempotent.
 *
 * @example
 * declare const target: ScopeTarget
 * declare const user: User
 * {
 *   await using req = new RequestScope(target)
 *   await req.setScoped("req:42:user", user)
 * } // every key set in the block is deleted here, also when the block throws
 */
export class RequestScope implements AsyncDisposable {
  readonly #target: ScopeTarget;
  readonly #keys = new Set<string>();
  /** Keys whose every write failed: deleted at the end too (a store may reject a write that landed), quietly. */
  readonly #failedOnly = new Set<string>();
  readonly #writes = new Set<Promise<unknown>>();
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;
  #ending: Promise<void> | undefined;

  constructor(target: ScopeTarget, options: RequestScopeOptions = {}) {
    this.#target = target;
    this.#signal = options.signal;
    if (this.#signal === undefined) return;
    const report = options.onCleanupError ?? ((error: ScopeCleanupError) => console.error(error));
    this.#onAbort = () => void this.end().catch(report);
    if (this.#signal.aborted) this.#onAbort();
    // Removed in `end`: a long-lived signal shared by many scopes must not collect their listeners.
    else this.#signal.addEventListener("abort", this.#onAbort, { once: true });
  }

  /** `true` once the scope has started deleting its keys. */
  get ended(): boolean {
    return this.#ending !== undefined;
  }

  /** The keys this scope has written and will delete, in the order they were first set. */
  get keys(): readonly string[] {
    return [...this.#keys];
  }

  /**
   * Stores `value` under `key` for the rest of this scope.
   *
   * @example
   * declare const req: RequestScope
   * await req.setScoped("req:42:cart", { items: [] })
   * @throws ScopeEndedError when the scope has ended.
   */
  async setScoped(key: string, value: unknown): Promise<void> {
    if (this.#ending !== undefined) throw new ScopeEndedError(key);
    // The bookkeeping is chained to the write itself, so it is done before `end` (which waits for
    // every write in flight) looks at the keys: a write that lands late is deleted too.
    const write = Promise.resolve()
      .then(() => this.#target.set(key, value))
      .then(
        () => {
          this.#keys.add(key);
          this.#failedOnly.delete(key);
        },
        (error: unknown) => {
          if (!this.#keys.has(key)) this.#failedOnly.add(key);
          throw error;
        },
      );
    this.#writes.add(write);
    try {
      await write;
    } finally {
      this.#writes.delete(write);
    }
  }

  /**
   * Reads a key through the scope's target (any key, scoped or not).
   *
   * @example
   * declare const req: RequestScope
   * const cart = await req.get("req:42:cart")
   */
  async get(key: string): Promise<unknown> {
    return this.#target.get?.(key);
  }

  /**
   * Deletes every key set in this scope, after the writes in flight settle. Every key is tried;
   * rejects with `ScopeCleanupError` naming those left behind. Calling it again returns the same promise.
   *
   * @example
   * declare const target: ScopeTarget
   * declare function handle(req: RequestScope): Promise<void>
   * const req = new RequestScope(target)
   * try { await handle(req) } finally { await req.end() }
   */
  end(): Promise<void> {
    this.#ending ??= this.#cleanUp();
    return this.#ending;
  }

  /** Ends the scope: what `await using` calls. */
  [asyncDispose](): Promise<void> {
    return this.end();
  }

  async #cleanUp(): Promise<void> {
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener("abort", this.#onAbort);
    await Promise.allSettled([...this.#writes]);
    const keys = [...this.#keys];
    const failedOnly = [...this.#failedOnly];
    this.#keys.clear();
    this.#failedOnly.clear();
    // A key whose writes all failed (refused, or an ambiguous store timeout) may or may not exist: best effort.
    const quiet = Promise.allSettled(failedOnly.map(async (key) => this.#target.delete(key)));
    const results = await Promise.allSettled(keys.map(async (key) => this.#target.delete(key)));
    await quiet;
    const failed = keys.filter((_, index) => results[index]?.status === "rejected");
    if (failed.length === 0) return;
    const errors = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
    throw new ScopeCleanupError(failed, errors);
  }
}

for (const alias of [Symbol.for("nodejs.asyncDispose"), Symbol.for("Symbol.asyncDispose")]) {
  if (alias !== asyncDispose) Object.defineProperty(RequestScope.prototype, alias, { value: RequestScope.prototype[asyncDispose], configurable: true });
}
