import type { Get } from "./access.js";
import type { ManifestInput } from "./input.js";
import type { Verdicts } from "./check-cache.js";

/**
 * The parameter type of `defineManifest`: the manifest as written, with `caches` replaced by the
 * verdicts. `M` is inferred (as a `const` type) through the `M[K]` branch; the verdicts `E` are never
 * inferred (`NoInfer`), so TypeScript computes them once from the inferred `M` and checks the
 * argument against them, reporting each rule's message on the offending property.
 */
export type ValidateWith<TManifest, TVerdicts> = { [K in keyof TManifest]: K extends "caches" ? TVerdicts : TManifest[K] };

/**
 * The checked manifest: the same object, with its literal types kept. A level-by-level copy of the
 * inferred type, so that users' own conditional types on `typeof app` (`extends { value: infer V }`)
 * work on TypeScript 5.x too, where the inferred type itself is a reverse mapped type.
 *
 * @example
 * const app = defineManifest({ caches: { user_data: { primary: "client", owns: ["user:*"] } } })
 * type P = (typeof app)["caches"]["user_data"]["primary"]
 * //=> "client"
 */
export type Manifest<TManifest> = {
  readonly [K in keyof TManifest]: K extends "caches" ? CopyCaches<Get<TManifest, "caches">> : TManifest[K];
};

/** Each cache, copied field by field. */
type CopyCaches<TCaches> = { readonly [C in keyof TCaches]: { readonly [F in keyof TCaches[C]]: TCaches[C][F] } };

/**
 * Declares which layer owns which keys. Every rule of docs/design.md#manifest-rules is checked by `tsc` on the
 * property that breaks it, and again at run time (a `ManifestError` listing every violation) for
 * JavaScript callers. Returns the same object, frozen, with its literal types (no `as const` needed).
 *
 * @example
 * const app = defineManifest({
 *   caches: {
 *     user_data: { primary: "client", owns: ["user:*"], value: typed<User>(), invalidates: ["profile:*"] },
 *     profile: { primary: "edge", owns: ["profile:*"] },
 *   },
 * })
 * @throws {ManifestError} when a rule is broken (from JavaScript, or through a cast)
 * @see docs/design.md#manifest-rules
 */
export type DefineManifest = <const TManifest extends ManifestInput, const TVerdicts = Verdicts<TManifest>>(
  manifest: ValidateWith<TManifest, NoInfer<TVerdicts>>,
) => Manifest<TManifest>;
