/**
 * What an editor offers while an argument is being typed. For string-literal completions the
 * language service resolves the call once with the argument being edited blocked from inference
 * (the type parameter is then its constraint, `string`), and once as `tsc` does; it offers the
 * string literals of both parameter types. So a parameter `Offer<TName, Choices, Check>` is the
 * choices in the first resolution and `tsc`'s own check (the value, or the message) in the second:
 * the editor lists the choices, and a wrong value still gets its message.
 *
 * @example
 * type A = Offer<string, "user_data" | "data_cache", "✗ …">  //=> "user_data" | "data_cache"
 * type B = Offer<"user_dta", "user_data" | "data_cache", "✗ …">  //=> "✗ …"
 */
export type Offer<TName extends string, TChoices extends string, TChecked> = string extends TName ? TChoices : TChecked;

/**
 * Every cache name and every owned pattern: what `borrow()` and `follow()` accept.
 *
 * @example
 * type N = KnownNames<{ caches: { user_data: { primary: "client"; owns: ["user:*"] }; data_cache: { primary: "server"; owns: ["data:*"] } } }>
 * //=> …"user:*"…
 */
export type KnownNames<TManifest> =
  TManifest extends { readonly caches: infer TCaches } ? { [C in keyof TCaches & string]: C | SpecPatterns<TCaches[C]> }[keyof TCaches & string] : never;

/**
 * The caches whose primary is `TLayer`, and their patterns: what `own()` accepts on that layer.
 *
 * @example
 * type N = OwnableNames<{ caches: { user_data: { primary: "client"; owns: ["user:*"] }; data_cache: { primary: "server"; owns: ["data:*", "popular:*"] } } }, "server">
 * //=> …"data_cache"…
 */
export type OwnableNames<TManifest, TLayer extends string> =
  TManifest extends { readonly caches: infer TCaches } ?
    { [C in keyof TCaches & string]: TCaches[C] extends { readonly primary: TLayer } ? C | SpecPatterns<TCaches[C]> : never }[keyof TCaches & string]
  : never;

/**
 * The patterns of one cache as the checked manifest has it. These lists read each cache once rather
 * than the whole-manifest `Entries`: a layer's manifest is `typeof app`, the checked copy, not the type
 * the manifest check indexed, so nothing built there is reused, and TypeScript computes the choices (the
 * parameter's contextual type) at the first `own`/`borrow`/`follow` call of a program (96k
 * instantiations through `Entries` at 1000 caches, 36k this way). Structural tests are safe here:
 * the copy is a plain object type on every TypeScript version.
 */
type SpecPatterns<TSpec> = TSpec extends { readonly owns: readonly (infer P extends string)[] } ? P : never;
