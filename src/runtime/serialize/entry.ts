/**
 * A whole `StoredEntry` (value and times) as one string, for stores that hold text (Redis, keyv
 * adapters): `{"v": <tagged value>, "t": storedAt, "e": expiresAt, "g": staleUntil, "o": ops, "n": version, "x": 1 when expired}`.
 * The deploy version travels in the envelope, so every store that holds text keeps it without knowing it.
 */
import type { StoredEntry } from "../contracts/store.js";
import { encodeValue } from "./serialize.js";
import { decodeValue } from "./deserialize.js";
import { TAG_MARK } from "../values/tags.js";

interface WireEntry {
  v?: unknown;
  t?: unknown;
  e?: unknown;
  g?: unknown;
  o?: unknown;
  n?: unknown;
  x?: unknown;
}

/**
 * Serializes an entry with its times.
 *
 * @example
 * serializeEntry({ value: 1n, storedAt: 5 }) //=> '{"v":{"$":"b","v":"1"},"t":5}'
 * @throws TypeError naming the path of a part of the value that cannot be serialized
 */
export function serializeEntry(entry: StoredEntry): string {
  const wire: WireEntry = { v: encodeValue(entry.value), t: entry.storedAt };
  if (entry.expiresAt !== undefined) wire.e = entry.expiresAt;
  if (entry.staleUntil !== undefined) wire.g = entry.staleUntil;
  if (entry.ops !== undefined) wire.o = entry.ops;
  if (entry.version !== undefined) wire.n = entry.version;
  if (entry.expired === true) wire.x = 1;
  return JSON.stringify(wire);
}

/**
 * Reads an entry written by `serializeEntry`.
 *
 * @example
 * deserializeEntry('{"v":{"$":"b","v":"1"},"t":5}') //=> { value: 1n, storedAt: 5 }
 * @throws SyntaxError for text that is not JSON, TypeError for text that is not an entry
 */
export function deserializeEntry(text: string): StoredEntry {
  const wire = JSON.parse(text) as WireEntry | null;
  if (
    typeof wire !== "object" ||
    wire === null ||
    !Object.hasOwn(wire, "v") ||
    typeof wire.t !== "number" ||
    !isOptionalNumber(wire.e) ||
    !isOptionalNumber(wire.g)
  ) {
    throw new TypeError(`cannot deserialize a stored entry: ${text.slice(0, 80)}`);
  }
  const value = text.includes(TAG_MARK) ? decodeValue(wire.v) : wire.v;
  const entry: {
    value: unknown;
    storedAt: number;
    expiresAt?: number;
    staleUntil?: number;
    ops?: readonly string[];
    version?: string | number;
    expired?: true;
  } = {
    value,
    storedAt: wire.t,
  };
  if (wire.e !== undefined) entry.expiresAt = wire.e as number;
  if (wire.g !== undefined) entry.staleUntil = wire.g as number;
  if (Array.isArray(wire.o) && wire.o.every((id) => typeof id === "string")) entry.ops = wire.o;
  if (isVersion(wire.n)) entry.version = wire.n;
  if (wire.x === 1) entry.expired = true;
  return entry;
}

function isVersion(item: unknown): item is string | number {
  return typeof item === "string" || typeof item === "number";
}

function isOptionalNumber(item: unknown): boolean {
  return item === undefined || typeof item === "number";
}
