export { prepareValue, valueBytes, isPrepared, isPlainJson } from "./prepare-value.js";
export type { ValueContext, PrepareOptions, PreparedValue } from "./prepare-value.js";
export { readOnlyEntry } from "./read-only-entry.js";
export { kindOf, describeUnsupported } from "./value-kind.js";
export type { ValueKind } from "./value-kind.js";
