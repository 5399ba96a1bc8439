import type { Cached } from "./cached.js";
import type { ValueOf } from "./keys.js";
import type { ReadMeta } from "../../runtime/contracts/read-meta.js";

/**
 * What a read returns: the cache's value, read-only all the way down (`Cached<T>`). The runtime copies
 * and freezes a value once at `set` (Maps, Sets and Dates become read-only), so a hit costs no clone and
 * no caller can corrupt the stored value; this type says so to `tsc`.
 *
 * @example
 * type U = ReadValue<typeof app, "user_data">
 * //=> CachedObject<User>
 */
export type ReadValue<TManifest, TCache extends string> = Cached<ValueOf<TManifest, TCache>>;

/** A source of bytes for `putStream`: an async iterable, a Web `ReadableStream`, one array, or a sync iterable of them. */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | Iterable<Uint8Array> | Uint8Array;

export type { ReadMeta };
