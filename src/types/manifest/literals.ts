/**
 * Sizes (`"50MB"`) and durations (`"30m"`) as literal types: a positive number written the way
 * `String(Number(n))` writes it, then a unit. The run-time twin is `src/runtime/guards/sizes-and-durations.ts`.
 */

/**
 * `true` for a size literal: `"50MB"`, `"1.5KB"`; not `"0MB"`, `"50 MB"`, `"050MB"`, `50`.
 *
 * @example
 * type A = IsSize<"50MB">     //=> true
 * type B = IsSize<"50 megs">  //=> false
 */
export type IsSize<TValue> = TValue extends string ? IsPositiveNumber<SizeNumber<TValue>> : false;

/**
 * `true` for a duration literal: `"30m"`, `"100ms"`, `"1.5h"`; not `"0s"`, `"30 min"`, `30`.
 *
 * @example
 * type A = IsDuration<"30m">  //=> true
 * type B = IsDuration<30>     //=> false
 */
export type IsDuration<TValue> = TValue extends string ? IsPositiveNumber<SplitDuration<TValue>[0]> : false;

/** The number part of a size; units tried longest first, so `"5KB"` is not read as `"5K"` bytes. */
type SizeNumber<TValue extends string> =
  TValue extends `${infer N}KB` ? N
  : TValue extends `${infer N}MB` ? N
  : TValue extends `${infer N}GB` ? N
  : TValue extends `${infer N}B` ? N
  : never;

/** `[number part, unit]` of a duration; `ms` before `s` and `m`. */
export type SplitDuration<TValue extends string> =
  TValue extends `${infer N}ms` ? [N, "ms"]
  : TValue extends `${infer N}s` ? [N, "s"]
  : TValue extends `${infer N}m` ? [N, "m"]
  : TValue extends `${infer N}h` ? [N, "h"]
  : TValue extends `${infer N}d` ? [N, "d"]
  : [never, never];

/** A canonical positive finite number: `infer … extends number` only matches text that round-trips. */
type IsPositiveNumber<TText> =
  [TText] extends [never] ? false
  : TText extends `${infer N extends number}` ?
    `${N}` extends TText ?
      `${N}` extends "0" | `-${string}` | "Infinity" | "NaN" ?
        false
      : true
    : false
  : false;

/**
 * `true` when duration `TLeft` is strictly longer than `TRight` (both valid duration literals).
 * Converts both to milliseconds with decimal-string arithmetic (no tuple counting, so any size works).
 *
 * @example
 * type A = IsLonger<"2s", "100ms">   //=> true
 * type B = IsLonger<"1m", "90s">     //=> false
 */
export type IsLonger<TLeft extends string, TRight extends string> = CompareDecimals<ToMilliseconds<TLeft>, ToMilliseconds<TRight>> extends "gt" ? true : false;

/** A duration in milliseconds, as a decimal string. */
type ToMilliseconds<TValue extends string> =
  SplitDuration<TValue> extends [infer N extends string, infer U extends string] ?
    U extends "ms" ? N
    : U extends "s" ? Shift<N, 3>
    : U extends "m" ? Shift<Times<N, "6">, 4>
    : U extends "h" ? Shift<Times<Times<N, "6">, "6">, 5>
    : Shift<Times<Times<Times<Times<N, "6">, "6">, "6">, "4">, 5>
  : never;

// ---- decimal strings: "12.5" -------------------------------------------------------------------

/** `[integer digits, fraction digits]`. */
type SplitDecimal<TText extends string> = TText extends `${infer I}.${infer F}` ? [I, F] : [TText, ""];

/** Multiplies by ten to the `TPower` by moving the point. */
type Shift<TText extends string, TPower extends number, Count extends 0[] = []> =
  Count["length"] extends TPower ? TText
  : SplitDecimal<TText> extends [infer I extends string, infer F extends string] ?
    F extends `${infer D}${infer Rest}` ?
      Shift<Rest extends "" ? `${I}${D}` : `${I}${D}.${Rest}`, TPower, [...Count, 0]>
    : Shift<`${I}0`, TPower, [...Count, 0]>
  : never;

/** Multiplies a decimal string by one digit. */
type Times<TText extends string, TDigit extends string> =
  SplitDecimal<TText> extends [infer I extends string, infer F extends string] ? Reinsert<MultiplyReversed<Reverse<`${I}${F}`>, TDigit>, F> : never;

/** Digits of `TText` in reverse order. */
type Reverse<TText extends string, Acc extends string = ""> = TText extends `${infer Head}${infer Rest}` ? Reverse<Rest, `${Head}${Acc}`> : Acc;

/** Schoolbook multiplication over reversed digits; returns the product's digits in normal order. */
type MultiplyReversed<TDigits extends string, TDigit extends string, Carry extends number = 0, Acc extends string = ""> =
  TDigits extends `${infer D extends keyof DigitProducts}${infer Rest}` ?
    DigitProducts[D][TDigit & keyof DigitProducts[D]] extends infer P extends number ?
      AddCarry<P, Carry> extends [infer Unit extends number, infer Next extends number] ?
        MultiplyReversed<Rest, TDigit, Next, `${Unit}${Acc}`>
      : never
    : never
  : Carry extends 0 ? Acc
  : `${Carry}${Acc}`;

/** Puts the point back `F`'s length from the right. */
type Reinsert<TDigits extends string, TFraction extends string> =
  TFraction extends "" ? TDigits
  : Reverse<TDigits> extends infer R extends string ? Reverse<PlacePoint<R, TFraction>>
  : never;

/** On reversed digits: the first `|F|` digits are the fraction. */
type PlacePoint<TReversed extends string, TFraction extends string, Acc extends string = ""> =
  TFraction extends `${string}${infer RestF}` ?
    TReversed extends `${infer D}${infer Rest}` ?
      PlacePoint<Rest, RestF, `${Acc}${D}`>
    : PlacePoint<"", RestF, `${Acc}0`>
  : `${Acc}.${TReversed extends "" ? "0" : TReversed}`;

/** `d × 4` and `d × 6` for each digit: the only factors a duration unit needs (60 = 6·10, 3600 = 6·6·100, 86400 = 6·6·6·4·100). */
type DigitProducts = {
  "0": { "4": 0; "6": 0 };
  "1": { "4": 4; "6": 6 };
  "2": { "4": 8; "6": 12 };
  "3": { "4": 12; "6": 18 };
  "4": { "4": 16; "6": 24 };
  "5": { "4": 20; "6": 30 };
  "6": { "4": 24; "6": 36 };
  "7": { "4": 28; "6": 42 };
  "8": { "4": 32; "6": 48 };
  "9": { "4": 36; "6": 54 };
};

/** `[unit digit, carry]` of a product (≤ 54) plus a carry (≤ 5). */
type AddCarry<TProduct extends number, TCarry extends number> =
  `${Sum<TProduct, TCarry>}` extends `${infer T extends number}${infer U extends number}` ? [U, T] : [Sum<TProduct, TCarry>, 0];

/** Small sums by tuple length (at most 59). */
type Sum<A extends number, B extends number> = [...Repeat<A>, ...Repeat<B>]["length"] & number;

/** A tuple of `N` zeros. */
type Repeat<N extends number, Acc extends 0[] = []> = Acc["length"] extends N ? Acc : Repeat<N, [...Acc, 0]>;

/** `"gt" | "eq" | "lt"` for two non-negative decimal strings. */
type CompareDecimals<TLeft extends string, TRight extends string> =
  SplitDecimal<TLeft> extends [infer LI extends string, infer LF extends string] ?
    SplitDecimal<TRight> extends [infer RI extends string, infer RF extends string] ?
      CompareIntegers<StripZeros<LI>, StripZeros<RI>> extends infer C ?
        C extends "eq" ?
          CompareDigits<PadTo<LF, RF>, PadTo<RF, LF>>
        : C
      : never
    : never
  : never;

/** Leading zeros off an integer part. */
type StripZeros<TText extends string> = TText extends `0${infer Rest}` ? StripZeros<Rest> : TText;

/** Longer digit string wins; equal lengths compare digit by digit. */
type CompareIntegers<TLeft extends string, TRight extends string> =
  CompareLengths<TLeft, TRight> extends infer C ?
    C extends "eq" ?
      CompareDigits<TLeft, TRight>
    : C
  : never;

/** Compares lengths one character at a time. */
type CompareLengths<TLeft extends string, TRight extends string> =
  TLeft extends `${string}${infer L}` ?
    TRight extends `${string}${infer R}` ?
      CompareLengths<L, R>
    : "gt"
  : TRight extends "" ? "eq"
  : "lt";

/** Equal-length digit strings, first difference decides. */
type CompareDigits<TLeft extends string, TRight extends string> =
  TLeft extends `${infer L extends keyof DigitRank}${infer LRest}` ?
    TRight extends `${infer R extends keyof DigitRank}${infer RRest}` ?
      L extends R ? CompareDigits<LRest, RRest>
      : DigitRank[L] extends Exclude<DigitRank[keyof DigitRank], LowerThan<DigitRank[R]>> ? "gt"
      : "lt"
    : "gt"
  : "eq";

/** Pads a fraction with zeros to the other's length. */
type PadTo<TText extends string, TOther extends string> = CompareLengths<TText, TOther> extends "lt" ? PadTo<`${TText}0`, TOther> : TText;

/** Digit → rank, and the ranks below each. */
type DigitRank = { "0": 0; "1": 1; "2": 2; "3": 3; "4": 4; "5": 5; "6": 6; "7": 7; "8": 8; "9": 9 };
type LowerThan<N extends number, Acc extends number[] = [], Out extends number = never> =
  Acc["length"] extends N ? Out | N : LowerThan<N, [...Acc, 0], Out | Acc["length"]>;
