/**
 * `setScoped` on a request scope that has already ended (its keys were deleted; a late write would leak).
 *
 * @example
 * const req = server.requestScope()
 * await req.end()
 * try { await req.setScoped("req:1:cart", []) } catch (e) { if (e instanceof ScopeEndedError) console.log(e.key) } // req:1:cart
 */
export class ScopeEndedError extends Error {
  static readonly code = "E_SCOPE_ENDED";
  override readonly name = "ScopeEndedError";
  constructor(readonly key: string) {
    super(`✗ cannot setScoped '${key}': its request scope has ended — set it inside the scope, before it ends`);
  }
}

/**
 * Some keys set in a request scope could not be deleted when it ended. Every key was tried; `keys`
 * names the ones left behind and `errors` holds the store's errors, in the same order.
 *
 * @example
 * try { await server.scope("request", (req) => req.setScoped("req:1:cart", [])) }
 * catch (e) { if (e instanceof ScopeCleanupError) console.warn(e.keys, e.errors) } // left until their ttl or a delete
 */
export class ScopeCleanupError extends AggregateError {
  static readonly code = "E_SCOPE_CLEANUP";
  override readonly name = "ScopeCleanupError";
  constructor(
    readonly keys: readonly string[],
    errors: readonly unknown[],
  ) {
    super(errors, `✗ request scope could not delete ${keys.map((key) => `'${key}'`).join(", ")} — they stay until their ttl or a delete`);
  }
}
