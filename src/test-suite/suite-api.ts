/**
 * The functions of a test runner the contract suites register their tests with. `node:test` has
 * them; so do vitest, jest and mocha (`describe`, `it`), so a suite runs under whichever you use.
 *
 * @example
 * import { routeContract, type RouteContractOwner } from "borrowcache/test-suite";
 * declare const describe: SuiteApi["describe"], it: SuiteApi["it"]; // import { describe, it } from "vitest"
 * routeContract("in-process route", (owner: RouteContractOwner) => ({ route: owner.route, close: () => {} }), { api: { describe, it } });
 */
export interface SuiteApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void> | void): unknown;
  /** Runs once after the suite's tests (node:test's and mocha's `after`, vitest's and jest's `afterAll`): the store contract closes its stores there. */
  after?(body: () => Promise<void> | void): unknown;
}
