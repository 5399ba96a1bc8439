import { BorrowError } from "../errors.js";
import type { CacheModel } from "../model/model.js";
import {
  cannotOwnMessage,
  cannotWriteMessage,
  exclusiveSetMessage,
  keyNotInCacheMessage,
  noRouteMessage,
  notStreamingMessage,
  scopedSetOutsideScopeMessage,
  streamingAccessMessage,
  unknownCacheMessage,
} from "../messages/borrow.js";
import { sessionWithoutExpiryMessage } from "../messages/manifest.js";
import { quotedList } from "../messages/quote.js";

// The run-time twins of the borrow rules, one factory each: the text is the compile-time message,
// the fields say where. Handles throw (or reject with) these; nothing here does I/O.

/** A key none of the cache's patterns match (rule `key-in-patterns`). */
export function keyNotInCacheError(cache: CacheModel, key: unknown, layer: string): BorrowError {
  const text = typeof key === "string" ? key : String(key);
  return new BorrowError(keyNotInCacheMessage(text, cache.name, quotedList(cache.owns)), { rule: "key-in-patterns", cache: cache.name, key: text, layer });
}

/** `own()` away from the primary layer (rule `own-on-primary`). */
export function cannotOwnError(cache: CacheModel, layer: string): BorrowError {
  return new BorrowError(cannotOwnMessage(cache.name, layer, cache.primary, quotedList(cache.owns)), { rule: "own-on-primary", cache: cache.name, layer });
}

/** A write through a `Borrowed` handle (rule `write-through-owner`). */
export function cannotWriteError(cache: CacheModel, layer: string, key?: string): BorrowError {
  return new BorrowError(cannotWriteMessage(quotedList(cache.owns), layer, cache.name, cache.primary), {
    rule: "write-through-owner",
    cache: cache.name,
    key,
    layer,
  });
}

/** A name that is neither a cache nor an owned pattern (rule `unknown-cache`). */
export function unknownCacheError(name: unknown, layer: string): BorrowError {
  const text = typeof name === "string" ? name : String(name);
  return new BorrowError(unknownCacheMessage(text), { rule: "unknown-cache", cache: text, layer });
}

/** A borrow whose owner layer has no route from this one (rule `route-to-owner`). */
export function noRouteError(cache: CacheModel, layer: string, key?: string): BorrowError {
  return new BorrowError(noRouteMessage(cache.name, layer, cache.primary), { rule: "route-to-owner", cache: cache.name, key, layer });
}

/** `set`/`getOrSet` on an exclusive cache (rule `exclusive-writes-atomically`). */
export function exclusiveSetError(cache: CacheModel, layer: string, key: string): BorrowError {
  return new BorrowError(exclusiveSetMessage(cache.name), { rule: "exclusive-writes-atomically", cache: cache.name, key, layer });
}

/** `get`/`set`-style access to a streaming cache (rule `streaming-reads-by-stream`). */
export function streamingAccessError(cache: CacheModel, layer: string, key: string, method: string, instead: string): BorrowError {
  return new BorrowError(streamingAccessMessage(cache.name, method, instead), { rule: "streaming-reads-by-stream", cache: cache.name, key, layer });
}

/** `stream`/`putStream` on a cache that does not stream (rule `streaming-reads-by-stream`). */
export function notStreamingError(cache: CacheModel, layer: string, key: string, method: string): BorrowError {
  return new BorrowError(notStreamingMessage(cache.name, method), { rule: "streaming-reads-by-stream", cache: cache.name, key, layer });
}

/** A session entry with neither a ttl nor a cleanup (rule `session-needs-expiry`). */
export function sessionWithoutExpiryError(cache: CacheModel, layer: string, key: string): BorrowError {
  return new BorrowError(sessionWithoutExpiryMessage(cache.name), { rule: "session-needs-expiry", cache: cache.name, key, layer });
}

/** `setScoped` on a handle that is not a request scope's (rule `scoped-set-in-scope`). */
export function scopedSetOutsideScopeError(cache: CacheModel, layer: string, key: unknown): BorrowError {
  return new BorrowError(scopedSetOutsideScopeMessage(cache.name), {
    rule: "scoped-set-in-scope",
    cache: cache.name,
    key: typeof key === "string" ? key : undefined,
    layer,
  });
}
