/**
 * The type of a `keyvStore`'s `capabilities`, so `tsc` can check a manifest against it (rule
 * `store-fits`, src/types/handles/store-fits.ts): what the user declared, as literal types; else what
 * the adapter's type shows (a `Map` lists; @keyv/memcache, recognised by its `formatKey` and `client`,
 * does not); else `boolean`, left to the run-time check. The run-time values come from the table in
 * keyv-adapters.ts, which knows more adapters than their types tell apart.
 */
import type { KeyvAdapterCapabilities } from "./keyv-adapters.js";

/** @keyv/memcache's shape: the one known adapter whose type alone says it cannot list. */
type MemcacheShape = { formatKey(key: string): string; readonly client: object };

/**
 * `keyvStore(adapter, { capabilities })`'s capabilities type.
 *
 * @example
 * import type KeyvMemcache from "@keyv/memcache"
 * type C = KeyvStoreCapabilities<KeyvMemcache, {}>["listsKeys"]
 * //=> false
 */
export type KeyvStoreCapabilities<TAdapter, TDeclared extends KeyvAdapterCapabilities> = {
  readonly listsKeys: TDeclared extends { readonly listsKeys: infer L extends boolean } ? L
  : TAdapter extends Map<unknown, unknown> ? true
  : TAdapter extends MemcacheShape ? false
  : boolean;
  readonly maxValueBytes?: number | undefined;
  readonly ttlResolutionMs: number;
  /** Always: a backend that folds keys gets escaped ones. */
  readonly exactKeys: true;
  /** Always: each partition counts what this process wrote. */
  readonly measuresSize: true;
  readonly backend?: TDeclared extends { readonly backend: infer B extends string } ? B
  : TAdapter extends MemcacheShape ? "@keyv/memcache"
  : string | undefined;
};
