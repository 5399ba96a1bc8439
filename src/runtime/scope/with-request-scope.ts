import type { ScopeCleanupError } from "./scope-errors.js";
import { RequestScope, type RequestScopeOptions, type ScopeTarget } from "./request-scope.js";

/**
 * Runs `body` in a new request scope and ends the scope after it, whether it returns, throws or is
 * aborted. `body`'s own error wins: a cleanup failure after a throw goes to `onCleanupError`; after a
 * normal return it rejects with `ScopeCleanupError`.
 *
 * @example
 * import type { ScopeTarget } from "./request-scope.js"
 * declare const target: ScopeTarget
 * declare function loadUser(id: string): Promise<User>
 * declare function render(user: User): string
 * const page = await withRequestScope(target, async (req) => {
 *   const user = await loadUser("42")
 *   await req.setScoped("req:42:user", user)
 *   return render(user)
 * }) // req:42:user is deleted by now
 */
export async function withRequestScope<TResult>(
  target: ScopeTarget,
  body: (scope: RequestScope) => Promise<TResult> | TResult,
  options: RequestScopeOptions = {},
): Promise<TResult> {
  const scope = new RequestScope(target, options);
  let result: TResult;
  try {
    result = await body(scope);
  } catch (error) {
    const report = options.onCleanupError ?? ((cleanupError: ScopeCleanupError) => console.error(cleanupError));
    await scope.end().catch((cleanupError: unknown) => report(cleanupError as ScopeCleanupError));
    throw error;
  }
  await scope.end();
  return result;
}
