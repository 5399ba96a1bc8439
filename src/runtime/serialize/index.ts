export { serialize, encodeValue } from "./serialize.js";
export { deserialize, decodeValue } from "./deserialize.js";
export { serializeEntry, deserializeEntry, entryFromWire } from "./entry.js";
