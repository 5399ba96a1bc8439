// Request lifetimes: keys set in a scope are deleted when it ends (docs/design.md#lifetimes-and-scopes).
export { RequestScope, type ScopeTarget, type RequestScopeOptions } from "./request-scope.js";
export { withRequestScope } from "./with-request-scope.js";
export { ScopeEndedError, ScopeCleanupError } from "./scope-errors.js";
