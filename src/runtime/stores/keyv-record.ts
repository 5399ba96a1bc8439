/**
 * What `keyvStore` writes for one entry, and how it reads back whatever the adapter hands it.
 *
 * Written: `serializeEntry`'s text with the keep-until time first, `{"k":<ms>,"v":…,"t":…}`, so expiry
 * reads without a parse; for an in-process `Map`, the frozen entry itself (`HeldEntry`).
 *
 * Read back, as keyv 5 allows adapters to answer: the text; a `Uint8Array` of it; the object an adapter
 * parsed out of it (@keyv/memcache parses every value); a keyv-style `{ value, expires }` wrapper, whose
 * `value: undefined` is a miss (@keyv/memcache's answer for a missing key).
 *
 * An adapter that parses what it reads with @keyv/serialize also rewrites strings: `":base64:…"` becomes
 * a Buffer and a leading `:` is dropped. For such adapters (`quoted`) the text is written as a JSON
 * string, which their parse turns back into exactly our text, so every value kind round-trips.
 */
import type { StoredEntry } from "../contracts/store.js";
import { decodeValue, deserializeEntry, entryFromWire, serializeEntry } from "../serialize/index.js";

/** What an unserialized record holds: the read-only entry and when the store may drop it. */
export interface HeldEntry {
  readonly entry: StoredEntry;
  readonly keepUntil: number | undefined;
}

const KEEP_MARK = '{"k":';
const decoder = new TextDecoder();

/**
 * The text `keyvStore` writes for `entry`, kept until `keepUntil` (absent: forever).
 *
 * @example
 * encodeRecord({ value: 1, storedAt: 5 }, 60_000, false) //=> '{"k":60000,"v":1,"t":5}'
 * @throws TypeError naming the part of the value that cannot be serialized
 */
export function encodeRecord(entry: StoredEntry, keepUntil: number | undefined, quoted: boolean): string {
  const text = serializeEntry(entry);
  const record = keepUntil === undefined ? text : `${KEEP_MARK}${keepUntil},${text.slice(1)}`;
  return quoted ? JSON.stringify(record) : record;
}

/**
 * Until when the store must keep a record, whatever form the adapter answered it in; `undefined`: forever.
 *
 * @example
 * recordKeepUntil('{"k":60000,"v":1,"t":5}') //=> 60000
 */
export function recordKeepUntil(raw: unknown): number | undefined {
  if (typeof raw === "string") {
    return raw.startsWith(KEEP_MARK) ? Number(raw.slice(KEEP_MARK.length, raw.indexOf(",", KEEP_MARK.length))) : undefined;
  }
  if (typeof raw !== "object" || raw === null) return undefined;
  if (isHeld(raw)) return raw.keepUntil;
  if (raw instanceof Uint8Array) return recordKeepUntil(decoder.decode(raw));
  const record = raw as Record<string, unknown>;
  if (typeof record["k"] === "number") return record["k"];
  return isWrapper(record) ? recordKeepUntil(record["value"]) : undefined;
}

/**
 * The entry a record holds; `undefined` when the adapter answered a miss in its own shape.
 *
 * @example
 * decodeRecord({ value: undefined, expires: 0 }) //=> undefined
 * @throws TypeError for anything that is not a record keyvStore wrote
 */
export function decodeRecord(raw: unknown): StoredEntry | undefined {
  if (typeof raw === "string") return deserializeEntry(raw);
  if (typeof raw === "object" && raw !== null) {
    if (isHeld(raw)) return raw.entry;
    if (raw instanceof Uint8Array) return deserializeEntry(decoder.decode(raw));
    const record = raw as Record<string, unknown>;
    if (Object.hasOwn(record, "v") && typeof record["t"] === "number") return parsedEntry(record);
    if (isWrapper(record)) return record["value"] === undefined || record["value"] === null ? undefined : decodeRecord(record["value"]);
  }
  throw new TypeError(`unexpected record of type ${describe(raw)}`);
}

/**
 * Whether a record is an in-process `HeldEntry`.
 *
 * @example
 * isHeld(Object.freeze({ entry: { value: 1, storedAt: 0 }, keepUntil: undefined })) //=> true
 */
export function isHeld(raw: unknown): raw is HeldEntry {
  return typeof raw === "object" && raw !== null && "entry" in raw && "keepUntil" in raw;
}

// A record an adapter parsed: the same fields as the text, values still tagged.
function parsedEntry(record: Record<string, unknown>): StoredEntry {
  const { e, g } = record;
  if (!isOptionalNumber(e) || !isOptionalNumber(g)) throw new TypeError("cannot read a stored entry: its times are not numbers");
  return entryFromWire(record, decodeValue(record["v"]));
}

// keyv's own wrapper, `{ value, expires }`, which some adapters answer (and memcache answers a miss in).
function isWrapper(record: Record<string, unknown>): boolean {
  return Object.hasOwn(record, "value") && (Object.keys(record).length === 1 || Object.hasOwn(record, "expires"));
}

function isOptionalNumber(item: unknown): boolean {
  return item === undefined || typeof item === "number";
}

function describe(raw: unknown): string {
  if (raw === null || typeof raw !== "object") return typeof raw;
  const keys = Object.keys(raw).slice(0, 4);
  return `object { ${keys.join(", ")}${keys.length < Object.keys(raw).length ? ", …" : ""} }`;
}
