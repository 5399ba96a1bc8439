import type { CacheName, PrimaryOf } from "./access.js";
import type { Entries } from "./pattern-index.js";

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
 * //=> …"user:*"…CacheName<…>…
 */
export type KnownNames<TManifest> = CacheName<TManifest> | OwnedPatterns<TManifest>;

/**
 * The caches whose primary is `TLayer`, and their patterns: what `own()` accepts on that layer.
 *
 * @example
 * type N = OwnableNames<{ caches: { user_data: { primary: "client"; owns: ["user:*"] }; data_cache: { primary: "server"; owns: ["data:*", "popular:*"] } } }, "server">
 * //=> …"data_cache"…
 */
export type OwnableNames<TManifest, TLayer extends string> = OwnableEntry<Entries<TManifest>, TLayer> | OwnableCache<TManifest, CacheName<TManifest>, TLayer>;

/** Every owned pattern. */
type OwnedPatterns<TManifest> = Entries<TManifest>["p"];

/** The patterns of the entries on `TLayer` (distributes over the entries). */
type OwnableEntry<TEntry, TLayer extends string> = TEntry extends { readonly p: infer P extends string; readonly l: TLayer } ? P : never;

/** The caches on `TLayer` (distributes over the names). */
type OwnableCache<TManifest, TCache, TLayer extends string> =
  TCache extends string ?
    PrimaryOf<TManifest, TCache> extends TLayer ?
      TCache
    : never
  : never;
