import type { NotStreamingMessage, StreamingAccessMessage } from "../messages/index.js";
import type { QuotedList } from "../messages/quote.js";
import type { PatternToKey } from "../pattern/pattern-to-key.js";
import type { Cached } from "./cached.js";
import type { Forbidden } from "./forbidden.js";
import type { CheckKeyFor } from "./keys.js";
import type { ReadMeta } from "./read.js";

// The read methods `OwnedHandle` and `BorrowedHandle` share, one alias each, from the cache's facts
// (name, patterns, value type, kind), never the manifest: a hover shows `` `user:${string}` `` and
// `Cached<User>`, not an alias of the whole manifest. Each refuses what the run time refuses on a
// streaming cache (or, for `stream`, on one that does not stream), with the run time's text.

/** A key argument of cache `TCache`: the key itself when one of `TOwns` matches it, else the message. */
export type KeyArg<TKey extends string, TCache extends string, TOwns extends readonly string[]> = CheckKeyFor<
  TKey,
  PatternToKey<TOwns[number]>,
  TCache,
  QuotedList<TOwns>
>;

/** `get(key)`: the value, or `undefined`; on a streaming cache, the reason to use `stream`. */
export type GetMethod<TCache extends string, TOwns extends readonly string[], TValue, TKind extends string> =
  "streaming" extends TKind ? Forbidden<StreamingAccessMessage<TCache, "get", "stream(key)">>
  : <TKey extends string>(key: CheckKeyFor<TKey, PatternToKey<TOwns[number]>, TCache, QuotedList<TOwns>>) => Promise<Cached<TValue> | undefined>;

/** `has(key)`. */
export type HasMethod<TCache extends string, TOwns extends readonly string[]> = <TKey extends string>(
  key: CheckKeyFor<TKey, PatternToKey<TOwns[number]>, TCache, QuotedList<TOwns>>,
) => Promise<boolean>;

/** `getMany(keys)`, in order; on a streaming cache, the reason to use `stream`. */
export type GetManyMethod<TCache extends string, TOwns extends readonly string[], TValue, TKind extends string> =
  "streaming" extends TKind ? Forbidden<StreamingAccessMessage<TCache, "getMany", "stream(key)">>
  : (keys: readonly PatternToKey<TOwns[number]>[]) => Promise<(Cached<TValue> | undefined)[]>;

/** `getWithMeta(key)`: the value with `{ hit, stale, age, expiresAt, layer }`; on a streaming cache, the reason to use `stream`. */
export type GetWithMetaMethod<TCache extends string, TOwns extends readonly string[], TValue, TKind extends string> =
  "streaming" extends TKind ? Forbidden<StreamingAccessMessage<TCache, "getWithMeta", "stream(key)">>
  : <TKey extends string>(key: CheckKeyFor<TKey, PatternToKey<TOwns[number]>, TCache, QuotedList<TOwns>>) => Promise<ReadMeta<Cached<TValue>>>;

/** `stream(key)` on a streaming cache; elsewhere the reason to use `get`. */
export type StreamMethod<TCache extends string, TOwns extends readonly string[], TKind extends string> =
  "streaming" extends TKind ? <TKey extends string>(key: CheckKeyFor<TKey, PatternToKey<TOwns[number]>, TCache, QuotedList<TOwns>>) => AsyncIterable<Uint8Array>
  : Forbidden<NotStreamingMessage<TCache, "stream">>;
