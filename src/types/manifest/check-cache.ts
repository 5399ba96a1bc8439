import type { BadFieldMessage, PrivateWithoutWildcardMessage } from "../messages/manifest.js";
import type { HasWildcard } from "../pattern/parts.js";
import type { CacheName, CacheOf, IsOn } from "./access.js";
import type { CheckHardTimeout, CheckNeedsTtl, CheckTtl } from "./freshness-needs-ttl.js";
import type { CheckInvalidatesEntry } from "./invalidates-owned-target.js";
import type { CheckFlag, CheckLifetime, UnknownField } from "./manifest-shape.js";
import type { CacheField, CacheSpec } from "./input.js";
import type { CheckStrategy } from "./offline-first-on-client.js";
import type { CheckOwnedPattern } from "./one-owner-per-key.js";
import type { CheckPrefetchOwned } from "./prefetch-owned-by-cache.js";
import type { CheckPrimary } from "./primary-is-a-layer.js";
import type { CheckPrivate } from "./private-never-shared.js";
import type { CheckSize } from "./sizes-and-durations.js";
import type { CheckChunkSize, CheckStreaming } from "./streaming-needs-chunk-size.js";
import type { CheckValidate, CheckVersion } from "./schema-fields.js";
import type { CheckValue } from "./values-survive-serialization.js";

/**
 * The verdict on every cache of a manifest: each cache as written, except that a property breaking a
 * rule is replaced by its message, so `tsc` reports the message on exactly that property.
 * Computed once per manifest (the `M extends unknown` memoises it).
 *
 * @example
 * type V = Verdicts<{ caches: { a: { primary: "clinet"; owns: ["a:*"] } } }>
 * //=> { a: { primary: "✗ primary 'clinet' of cache 'a' is not a layer — …"; owns: ["a:*"] } & { readonly primary?: unknown; … } }
 */
export type Verdicts<TManifest> = TManifest extends unknown ? { [C in CacheName<TManifest>]: CheckCache<TManifest, C> } : never;

/** One cache, property by property. An anonymous mapped type, so the "expected type comes from" note shows the small checked object, not the manifest. */
type CheckCache<TManifest, TCache extends string> =
  CacheOf<TManifest, TCache> extends infer TSpec ?
    { [K in keyof TSpec]: K extends CacheField ? CheckField<TManifest, TCache, K, TSpec[K]> : UnknownField<K, TCache> } & FieldNames
  : never;

/** Every field a cache may have, optional and unchecked: what an editor completes inside a cache (the checked object above decides). */
type FieldNames = { readonly [K in keyof CacheSpec]?: unknown };

/** One property of one cache: its field's check, looked up by name (one lookup, not a chain of conditionals). */
type CheckField<TManifest, TCache extends string, TField extends CacheField, TValue> = FieldChecks<TManifest, TCache, TValue>[TField];

/** Each field's check. An interface: only the property looked up is ever instantiated. */
interface FieldChecks<TManifest, TCache extends string, TValue> {
  primary: CheckPrimary<TManifest, TCache, TValue>;
  owns: CheckOwns<TManifest, TCache, TValue>;
  invalidates: CheckList<TValue, "invalidates", TCache, InvalidatesVerdicts<TManifest, TCache, TValue>>;
  maxSize: CheckSize<"maxSize", TCache, TValue>;
  chunkSize: CheckChunkSize<TManifest, TCache, TValue>;
  streaming: CheckStreaming<TManifest, TCache, TValue>;
  ttl: CheckTtl<TManifest, TCache, TValue>;
  grace: CheckNeedsTtl<TManifest, TCache, "grace", TValue>;
  timeout: CheckNeedsTtl<TManifest, TCache, "timeout", TValue>;
  hardTimeout: CheckHardTimeout<TManifest, TCache, TValue>;
  warm: CheckPrefetchOwned<TManifest, TCache, TValue>;
  strategy: CheckStrategy<TManifest, TCache, TValue>;
  private: CheckPrivate<TManifest, TCache, TValue>;
  exclusive: CheckFlag<"exclusive", TCache, TValue>;
  lifetime: CheckLifetime<TCache, TValue>;
  value: CheckValue<TCache, TValue>;
  validate: CheckValidate<TManifest, TCache, TValue>;
  version: CheckVersion<TCache, TValue>;
}

/** `owns`: a non-empty list, each pattern checked in place (rules 2 and 12). */
type CheckOwns<TManifest, TCache extends string, TOwns> =
  TOwns extends readonly [unknown, ...unknown[]] ?
    IsOn<TManifest, TCache, "private"> extends true ?
      { [I in keyof TOwns]: CheckPrivatePattern<TCache, CheckOwnedPattern<TManifest, TCache, TOwns[I]>> }
    : { [I in keyof TOwns]: CheckOwnedPattern<TManifest, TCache, TOwns[I]> }
  : BadFieldMessage<"owns", TCache, "a non-empty array of patterns">;

/** Rule 12, per pattern of a private cache: its keys are per user, so each pattern has a `*`. */
type CheckPrivatePattern<TCache extends string, TVerdict> =
  TVerdict extends `✗${string}` ? TVerdict
  : TVerdict extends string ?
    HasWildcard<TVerdict> extends true ?
      TVerdict
    : PrivateWithoutWildcardMessage<TVerdict, TCache>
  : TVerdict;

/** `invalidates`: each target checked in place (rules 3 and 4). */
type InvalidatesVerdicts<TManifest, TCache extends string, TTargets> =
  TTargets extends readonly unknown[] ? { [I in keyof TTargets]: CheckInvalidatesEntry<TManifest, TCache, TTargets[I]> } : never;

/** A list field that must be an array. */
type CheckList<TValue, TField extends string, TCache extends string, TVerdicts> =
  TValue extends readonly unknown[] ? TVerdicts : BadFieldMessage<TField, TCache, "an array of patterns">;
