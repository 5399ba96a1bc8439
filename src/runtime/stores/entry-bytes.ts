/**
 * The one count behind every store's `maxSize`: memory, IndexedDB, the Web Cache API, keyv adapters and
 * Redis all budget an entry at `entryBytes(key, entry)`, so a cache's `"50MB"` holds the same entries
 * on each of them. Values count what `valueBytes` estimates they retain on the heap (the same number a
 * layer's `prepareValue` recorded at `set`, so no second walk); a byte array (a stream chunk) counts its
 * `byteLength`. The key and a fixed overhead per entry are added: a budget of tiny entries must still
 * bound their number.
 */
import type { StoredEntry } from "../contracts/store.js";
import { valueBytes } from "../values/index.js";
import { stringBytes } from "../values/value-size.js";

/**
 * What one entry costs besides its value and key: lru-cache's bookkeeping (key slot, list links, size,
 * ttl start and length) plus the frozen entry object with its times, measured in memory
 * (`bench/runtime/memory-bytes.ts`). Other stores charge the same, so budgets agree.
 */
export const ENTRY_OVERHEAD = 120;

/**
 * The bytes an entry counts against its cache's `maxSize`, on every store.
 *
 * @example
 * entryBytes("video:1:0", { value: new Uint8Array(1024), storedAt: 0 }) //=> 1024 + 32 + 120
 * entryBytes("user:1", { value: { name: "Ada" }, storedAt: 0 })         //=> valueBytes({ name: "Ada" }) + 24 + 120
 */
export function entryBytes(key: string, entry: StoredEntry): number {
  const value = entry.value;
  const bytes = value instanceof Uint8Array ? value.byteLength : valueBytes(value);
  return bytes + stringBytes(key) + ENTRY_OVERHEAD;
}
