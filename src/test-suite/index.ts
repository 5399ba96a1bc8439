/**
 * `borrowcache/test-suite`: the contracts a third party proves an implementation against, as test
 * suites (keyv's `@keyv/test-suite` and `bentocache/test_suite` are the models). `storeContract` checks a
 * `CacheStore` (a backend of your own) keeps every promise the layers rely on; `routeContract` checks a
 * `LayerRoute` (a transport to an owner layer) answers every call as a layer in the same process does.
 *
 * @example
 * import { routeContract, type RouteContractOwner } from "borrowcache/test-suite";
 * import type { LayerRoute } from "borrowcache";
 * declare function myTransport(owner: RouteContractOwner): LayerRoute; // your route to the owner layer
 * routeContract("my transport", (owner) => ({ route: myTransport(owner), close: () => {} }));
 *
 * @example
 * import { storeContract } from "borrowcache/test-suite";
 * import { keyvStore } from "borrowcache";
 * storeContract("keyvStore over a Map", () => keyvStore(new Map(), { namespace: "contract" }));
 */
export { routeContract, routeContractApp, createRouteContractOwner } from "./route-contract.js";
export type { RouteContractOptions, RouteContractOwner, RouteUnderTest } from "./route-contract.js";
export { storeContract } from "./store-contract.js";
export type { StoreContractOptions } from "./store-contract.js";
export type { SuiteApi } from "./suite-api.js";
