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
  return entryFromWire(wire, text.includes(TAG_MARK) ? decodeValue(wire.v) : wire.v);
}

/**
 * The entry of an envelope whose times were checked, with its value already decoded: what
 * `deserializeEntry` reads from text, and what a keyv adapter that parses records hands back.
 *
 * @example
 * entryFromWire({ t: 5, n: "v2" }, 1) //=> { value: 1, storedAt: 5, version: "v2" }
 */
export function entryFromWire(wire: { readonly [K in "t" | "e" | "g" | "o" | "n" | "x"]?: unknown }, value: unknown): StoredEntry {
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
    storedAt: wire.t as number,
  };
  const { e, g, o, n, x } = wire;
  if (e !== undefined) entry.expiresAt = e as number;
  if (g !== undefined) entry.staleUntil = g as number;
  if (Array.isArray(o) && o.every((id) => typeof id === "string")) entry.ops = o;
  if (isVersion(n)) entry.version = n;
  if (x === 1) entry.expired = true;
  return entry;
}

function isVersion(item: unknown): item is string | number {
  return typeof item === "string" || typeof item === "number";
}

function isOptionalNumber(item: unknown): boolean {
  return item === undefined || typeof item === "number";
}
