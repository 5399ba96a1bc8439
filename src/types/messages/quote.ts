/**
 * Joins patterns as `'a:*', 'b:*'`: one literal string, never a union, so `tsc` prints one message.
 *
 * @example
 * type L = QuotedList<["feed:*", "feed_meta:*"]>
 * //=> "'feed:*', 'feed_meta:*'"
 */
export type QuotedList<TItems extends readonly string[], Acc extends string = ""> =
  TItems extends readonly [infer Head extends string, ...infer Rest extends readonly string[]] ?
    QuotedList<Rest, Acc extends "" ? `'${Head}'` : `${Acc}, '${Head}'`>
  : Acc;

/**
 * A value as the user wrote it, for a message: strings in quotes, numbers and others bare.
 *
 * @example
 * type A = Written<"50 megs">  //=> "'50 megs'"
 * type B = Written<30>         //=> "30"
 */
export type Written<TValue> =
  TValue extends string ?
    string extends TValue ?
      "a string"
    : `'${TValue}'`
  : TValue extends number ?
    number extends TValue ?
      "a number"
    : `${TValue}`
  : TValue extends boolean ? `${TValue}`
  : TValue extends null | undefined ? `${TValue}`
  : TValue extends readonly unknown[] ? "an array"
  : TValue extends (...args: never[]) => unknown ? "a function"
  : "an object";
