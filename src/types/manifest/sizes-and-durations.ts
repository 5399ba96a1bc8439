import type { NotADurationMessage, NotASizeMessage } from "../messages/manifest.js";
import type { Written } from "../messages/quote.js";
import type { IsDuration, IsSize } from "./literals.js";

/**
 * Rule 6: a size field is a literal like `"50MB"`.
 *
 * @example
 * type V = CheckSize<"maxSize", "product_cache", "50 megs">
 * //=> "✗ maxSize '50 megs' of cache 'product_cache' is not a size — write it like '50MB' (B, KB, MB, GB)"
 */
export type CheckSize<TField extends string, TCache extends string, TValue> =
  IsSize<TValue> extends true ? TValue : NotASizeMessage<TField, Written<TValue>, TCache>;

/**
 * Rule 6: a duration field is a literal like `"30m"`.
 *
 * @example
 * type V = CheckDuration<"ttl", "sessions", 30>
 * //=> "✗ ttl 30 of cache 'sessions' is not a duration — write it like '30m' (ms, s, m, h, d)"
 */
export type CheckDuration<TField extends string, TCache extends string, TValue> =
  IsDuration<TValue> extends true ? TValue : NotADurationMessage<TField, Written<TValue>, TCache>;
