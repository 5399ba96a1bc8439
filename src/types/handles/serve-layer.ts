import type { NotExposableMessage, PrivateExposedWithoutAuthorizeMessage } from "../messages/http.js";
import type { CacheName, IsOn, PrimaryOf } from "../manifest/access.js";
import type { LastOf } from "../manifest/pattern-index.js";
import type { Authorize, LayerHandler, ServeLayerOptions } from "../../runtime/http/serve-layer.js";
import type { Layer } from "./layer.js";

/** One exposed cache: one the layer owns. */
type CheckExposed<TManifest, TLayer extends string, TCache> =
  TCache extends CacheName<TManifest> ?
    PrimaryOf<TManifest, TCache> extends TLayer ?
      TCache
    : NotExposableMessage<TCache, PrimaryOf<TManifest, TCache>, TLayer>
  : TCache extends string ? NotExposableMessage<TCache, "not a cache", TLayer>
  : never;

/** `expose`, each entry checked in place so `tsc` marks the offending one. */
type CheckExpose<TManifest, TLayer extends string, TExpose> = { [I in keyof TExpose]: CheckExposed<TManifest, TLayer, TExpose[I]> };

/** The private caches among the exposed ones. */
type PrivateExposed<TManifest, TExpose extends readonly string[]> =
  TExpose[number] extends infer C ?
    C extends CacheName<TManifest> ?
      IsOn<TManifest, C, "private"> extends true ?
        C
      : never
    : never
  : never;

/**
 * Rule 12 at `serveLayer`: exposing a private cache makes `authorize` required, and a missing one is
 * reported with the reason (the property's type carries the message; a callback given for it still
 * gets its parameter types from `Authorize`).
 */
type AuthorizeOption<TManifest, TLayer extends string, TExpose extends readonly string[]> =
  [PrivateExposed<TManifest, TExpose>] extends [never] ? { readonly authorize?: Authorize }
  : { readonly authorize: Authorize | PrivateExposedWithoutAuthorizeMessage<LastOf<PrivateExposed<TManifest, TExpose>> & string, TLayer> };

/**
 * `serveLayer`'s options, typed by the layer: `expose` lists only caches this layer owns; a private
 * cache only with `authorize`.
 *
 * @example
 * serveLayer(edge, { expose: ["product_cache"], authorize: (request, { cache, key, action }) => true })
 */
export type ServeOptions<TManifest, TLayer extends string, TExpose extends readonly string[]> = Omit<ServeLayerOptions, "expose" | "authorize"> & {
  readonly expose: CheckExpose<TManifest, TLayer, TExpose>;
} & AuthorizeOption<TManifest, TLayer, TExpose>;

/**
 * Serves a layer's caches over HTTP: a Web-standard `(request: Request) => Promise<Response>` handler
 * (Node, workerd, Deno, Bun), deny-by-default.
 *
 * @example
 * const handle = serveLayer(edge, { expose: ["product_cache"] })
 * export default { fetch: handle }
 * @throws {Error} at run time for what `tsc` rejects here (an unowned or private-without-authorize cache)
 */
export type ServeLayer = <TManifest, TLayer extends string, const TExpose extends readonly string[]>(
  layer: Layer<TManifest, TLayer>,
  options: ServeOptions<TManifest, TLayer, TExpose>,
) => LayerHandler;
