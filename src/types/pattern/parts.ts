/**
 * The literal text before the first `*` (the whole pattern if it has none).
 *
 * @example
 * type P = LiteralPrefix<"user:*:posts">
 * //=> "user:"
 */
export type LiteralPrefix<TPattern extends string> = TPattern extends `${infer Head}*${string}` ? Head : TPattern;

/**
 * The literal text after the last `*` (the whole pattern if it has none).
 *
 * @example
 * type S = LiteralSuffix<"user:*:posts:*.json">
 * //=> ".json"
 */
export type LiteralSuffix<TPattern extends string> = TPattern extends `${string}*${infer Rest}` ? LiteralSuffix<Rest> : TPattern;

/**
 * `true` when the pattern has at least one `*`.
 *
 * @example
 * type A = HasWildcard<"user:*">  //=> true
 * type B = HasWildcard<"config">  //=> false
 */
export type HasWildcard<TPattern extends string> = TPattern extends `${string}*${string}` ? true : false;

/**
 * One element per `*`, so star counts compare as tuple lengths.
 *
 * @example
 * type N = Stars<"a:*:b:*">
 * //=> ["*", "*"]
 */
export type Stars<TPattern extends string, Acc extends "*"[] = []> = TPattern extends `${string}*${infer Rest}` ? Stars<Rest, [...Acc, "*"]> : Acc;

/**
 * Every prefix of a text, `""` and the text itself included: the keys under which the prefix index
 * files the patterns that may overlap one starting with this text.
 *
 * @example
 * type P = Prefixes<"ab">
 * //=> "" | "a" | "ab"
 */
export type Prefixes<TText extends string, Seen extends string = "", Out extends string = ""> =
  // Four characters a step when there are: a quarter of the instantiations on long prefixes.
  TText extends `${infer A}${infer B}${infer C}${infer D}${infer Rest}` ?
    Prefixes<Rest, `${Seen}${A}${B}${C}${D}`, Out | `${Seen}${A}` | `${Seen}${A}${B}` | `${Seen}${A}${B}${C}` | `${Seen}${A}${B}${C}${D}`>
  : TText extends `${infer Char}${infer Rest}` ? Prefixes<Rest, `${Seen}${Char}`, Out | `${Seen}${Char}`>
  : Out;

/**
 * The prefixes of a text that end with `:` (the text itself included when it does): the few keys under
 * which the prefix index files patterns written the usual way, `user:*`, `user:42:*`. Far cheaper than
 * `Prefixes`: one step per `:`, not one template literal per character.
 *
 * @example
 * type P = ColonPrefixes<"list:k517:">
 * //=> "list:k517:" | "list:"
 */
export type ColonPrefixes<TText extends string> = TText extends `${infer Head}:${infer Rest}` ? `${Head}:` | `${Head}:${ColonPrefixes<Rest>}` : never;

/**
 * `true` when the pattern is a non-empty string without `**`.
 *
 * @example
 * type A = IsWellFormedPattern<"user:*">   //=> true
 * type B = IsWellFormedPattern<"user:**">  //=> false
 */
export type IsWellFormedPattern<TPattern extends string> =
  TPattern extends "" ? false
  : TPattern extends `${string}**${string}` ? false
  : true;
