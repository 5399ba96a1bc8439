/**
 * How a Redis partition writes a `StoredEntry`: text partitions hold `serializeEntry` JSON; binary
 * (streaming) partitions hold a chunk's bytes as they are, behind a one-line header with its times,
 * so a 1 MB chunk is not inflated by base64.
 */
import type { StoredEntry } from "../contracts/store.js";
import { deserializeEntry, serializeEntry } from "../serialize/index.js";
import { isLeaseMarker } from "./redis-lease.js";

// First byte of a binary chunk record. JSON text never starts with a NUL byte.
const CHUNK_MARK = 0;
const NEWLINE = 0x0a;

/**
 * Encodes an entry of a binary partition: raw bytes for a `Uint8Array` value, JSON for anything else
 * (a stream's header).
 *
 * @example
 * encodeBinaryEntry({ value: new Uint8Array([1, 2]), storedAt: 5 }) // Buffer <00 {"t":5} 0a 01 02>
 */
export function encodeBinaryEntry(entry: StoredEntry): Buffer | string {
  if (!(entry.value instanceof Uint8Array)) return serializeEntry(entry);
  const times: { t: number; e?: number; g?: number } = { t: entry.storedAt };
  if (entry.expiresAt !== undefined) times.e = entry.expiresAt;
  if (entry.staleUntil !== undefined) times.g = entry.staleUntil;
  const header = Buffer.from(JSON.stringify(times), "utf8");
  const record = Buffer.allocUnsafe(1 + header.length + 1 + entry.value.byteLength);
  record[0] = CHUNK_MARK;
  header.copy(record, 1);
  record[1 + header.length] = NEWLINE;
  record.set(entry.value, 2 + header.length);
  return record;
}

/**
 * Decodes what `encodeBinaryEntry` wrote. The bytes come back as a plain `Uint8Array` copy, not a view
 * into node-redis's read buffer.
 *
 * @example
 * declare const record: Buffer // as GET returned it
 * decodeBinaryEntry(record) //=> { value: Uint8Array [1, 2], storedAt: 5 }
 */
export function decodeBinaryEntry(record: Buffer | null): StoredEntry | undefined {
  if (record === null) return undefined;
  if (record[0] !== CHUNK_MARK) return deserializeEntry(record.toString("utf8"));
  const end = record.indexOf(NEWLINE, 1);
  if (end === -1) throw new TypeError("cannot deserialize a stored chunk: no header");
  const times = JSON.parse(record.toString("utf8", 1, end)) as { t: number; e?: number; g?: number };
  const entry: { value: Uint8Array; storedAt: number; expiresAt?: number; staleUntil?: number } = {
    value: new Uint8Array(record.subarray(end + 1)),
    storedAt: times.t,
  };
  if (times.e !== undefined) entry.expiresAt = times.e;
  if (times.g !== undefined) entry.staleUntil = times.g;
  return entry;
}

/**
 * Decodes a text partition's reply. A lease marker (a load in progress, see `redis-lease.ts`) is no
 * entry: it reads as a miss.
 *
 * @example
 * decodeTextEntry('{"v":1,"t":5}') //=> { value: 1, storedAt: 5 }
 * decodeTextEntry("~lease:5f0c…")  //=> undefined
 */
export function decodeTextEntry(text: string | null): StoredEntry | undefined {
  return text === null || isLeaseMarker(text) ? undefined : deserializeEntry(text);
}
