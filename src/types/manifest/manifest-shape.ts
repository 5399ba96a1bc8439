import type { BadFieldMessage, UnknownFieldMessage } from "../messages/manifest.js";

/**
 * Bad input that types can still see: a field no cache has (a typo such as `invalidate`).
 *
 * @example
 * type V = UnknownField<"invalidate", "user_data">
 * //=> "✗ cache 'user_data' has no field 'invalidate' — use primary, owns, value, …"
 */
export type UnknownField<TField, TCache extends string> = UnknownFieldMessage<TField & string, TCache>;

/**
 * `lifetime` is one of its three values.
 *
 * @example
 * type V = CheckLifetime<"user_data", "forever">
 * //=> "✗ lifetime of cache 'user_data' must be 'static', 'request' or 'session'"
 */
export type CheckLifetime<TCache extends string, TValue> =
  TValue extends "static" | "request" | "session" ? TValue : BadFieldMessage<"lifetime", TCache, "'static', 'request' or 'session'">;

/**
 * A boolean flag (`exclusive`) is `true` or `false`.
 *
 * @example
 * type V = CheckFlag<"exclusive", "accounts", "yes">
 * //=> "✗ exclusive of cache 'accounts' must be true or false"
 */
export type CheckFlag<TField extends string, TCache extends string, TValue> =
  TValue extends boolean ? TValue : BadFieldMessage<TField, TCache, "true or false">;
