import type { CacheName, PrimaryOf } from "../manifest/access.js";
import type { IsRequestScoped } from "./features.js";
import type { KeyOf, ValueOf } from "./keys.js";

/** The request-lifetime caches a layer owns. */
export type RequestCaches<TManifest, TLayer extends string> = {
  [C in CacheName<TManifest>]: PrimaryOf<TManifest, C> extends TLayer ?
    IsRequestScoped<TManifest, C> extends true ?
      C
    : never
  : never;
}[CacheName<TManifest>];

/** The keys a request scope may set, with each key's value type. */
type ScopedKey<TManifest, TLayer extends string> =
  RequestCaches<TManifest, TLayer> extends infer C extends string ?
    C extends unknown ?
      KeyOf<TManifest, C>
    : never
  : never;

/** The value type of the request cache owning `TKey`. */
type ScopedValue<TManifest, TLayer extends string, TKey extends string> =
  RequestCaches<TManifest, TLayer> extends infer C extends string ?
    C extends unknown ?
      TKey extends KeyOf<TManifest, C> ?
        ValueOf<TManifest, C>
      : never
    : never
  : never;

/**
 * The handle of one request: `setScoped` stores a key of a `lifetime: "request"` cache until the scope
 * ends — normally, by a throw, or by an abort — and then deletes it. The only place `setScoped` exists.
 *
 * @example
 * declare const id: string, cart: { items: string[] }
 * await server.scope("request", async (req) => {
 *   await req.setScoped(`req:${id}:cart`, cart)
 * }) // 'req:…:cart' is gone here, also if the body threw
 */
export interface RequestScopeHandle<TManifest, TLayer extends string> extends AsyncDisposable {
  /** Stores `value` under `key` for the rest of this scope. */
  setScoped<TKey extends ScopedKey<TManifest, TLayer>>(key: TKey, value: ScopedValue<TManifest, TLayer, TKey>): Promise<void>;
  /** The keys this scope will delete. */
  readonly keys: readonly string[];
  /** `true` once the scope has started deleting its keys. */
  readonly ended: boolean;
  /** Ends the scope now, deleting its keys. */
  end(): Promise<void>;
}
