/**
 * The two functions of a test runner the contract suites register their tests with. `node:test` has
 * them; so do vitest, jest and mocha (`describe`, `it`), so a suite runs under whichever you use.
 *
 * @example
 * import { describe, it } from "vitest";
 * routeContract("my transport", makeRoute, { api: { describe, it } });
 */
export interface SuiteApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void> | void): unknown;
}
