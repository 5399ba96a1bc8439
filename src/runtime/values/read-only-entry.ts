import type { StoredEntry } from "../contracts/store.js";
import { copyBytes } from "./read-only.js";

/**
 * A frozen copy of an entry for an in-memory store. A value that is itself a byte array is exposed
 * through a getter that copies it on each read (it has no container to hide it in).
 *
 * @example
 * const stored = readOnlyEntry({ value: { name: "Ada" }, storedAt: Date.now() })
 * Object.isFrozen(stored) //=> true: assigning stored.value throws a TypeError in strict mode
 */
export function readOnlyEntry(entry: StoredEntry): StoredEntry {
  const { value, storedAt, expiresAt, staleUntil, ops, version } = entry;
  const more = {
    ...(ops === undefined ? {} : { ops: Object.freeze([...ops]) }),
    ...(version === undefined ? {} : { version }),
    ...(entry.expired === true ? { expired: true as const } : {}),
  };
  if (value instanceof Uint8Array) {
    const bytes = value;
    return Object.freeze({
      get value() {
        return copyBytes(bytes);
      },
      storedAt,
      expiresAt,
      staleUntil,
      ...more,
    });
  }
  return Object.freeze({ value, storedAt, expiresAt, staleUntil, ...more });
}
