import type { BadFieldMessage, PrivateWithoutWildcardMessage } from "../messages/manifest.js";
import type { HasWildcard } from "../pattern/parts.js";
import type { CacheName, CacheOf, IsOn } from "./access.js";
import type { CheckAcyclic } from "./acyclic-invalidation.js";
import type { CheckHardTimeout, CheckNeedsTtl, CheckTtl } from "./freshness-needs-ttl.js";
import type { CheckInvalidatesTarget } from "./invalidates-owned-target.js";
import type { CheckFlag, CheckKnownField, CheckLifetime } from "./manifest-shape.js";
import type { CheckStrategy } from "./offline-first-on-client.js";
import type { CheckOwnedPattern } from "./one-owner-per-key.js";
import type { CheckPrefetchOwned } from "./prefetch-owned-by-cache.js";
import type { CheckPrimary } from "./primary-is-a-layer.js";
import type { CheckPrivate } from "./private-never-shared.js";
import type { CheckDuration, CheckSize } from "./sizes-and-durations.js";
import type { CheckChunkSize, CheckStreaming } from "./streaming-needs-chunk-size.js";
import type { CheckValue } from "./values-survive-serialization.js";

/**
 * The verdict on every cache of a manifest: each cache as written, except that a property breaking a
 * rule is replaced by its message, so `tsc` reports the message on exactly that property.
 * Computed once per manifest (the `M extends unknown` memoises it).
 *
 * @example
 * type V = Verdicts<{ caches: { a: { primary: "clinet"; owns: ["a:*"] } } }>
 * //=> { a: { primary: "✗ primary 'clinet' of cache 'a' is not a layer — …"; owns: ["a:*"] } }
 */
export type Verdicts<TManifest> = TManifest extends unknown ? { [C in CacheName<TManifest>]: CheckCache<TManifest, C> } : never;

/** One cache, property by property. An anonymous mapped type, so the "expected type comes from" note shows the small checked object, not the manifest. */
type CheckCache<TManifest, TCache extends string> = CacheOf<TManifest, TCache> extends infer TSpec
  ? { [K in keyof TSpec]: CheckKnownField<K, TCache> extends infer Unknown extends string ? Unknown : CheckField<TManifest, TCache, K, TSpec[K]> }
  : never;

/** One property of one cache, by field. */
type CheckField<TManifest, TCache extends string, TField, TValue> =
  TField extends "primary" ? CheckPrimary<TManifest, TCache, TValue>
  : TField extends "owns" ? CheckOwns<TManifest, TCache, TValue>
  : TField extends "invalidates" ? CheckList<TValue, "invalidates", TCache, InvalidatesVerdicts<TManifest, TCache, TValue>>
  : TField extends "maxSize" ? CheckSize<"maxSize", TCache, TValue>
  : TField extends "chunkSize" ? CheckChunkSize<TManifest, TCache, TValue>
  : TField extends "streaming" ? CheckStreaming<TManifest, TCache, TValue>
  : TField extends "ttl" ? CheckTtl<TManifest, TCache, TValue>
  : TField extends "grace" | "timeout" ? CheckNeedsTtl<TManifest, TCache, TField, TValue>
  : TField extends "hardTimeout" ? CheckHardTimeout<TManifest, TCache, TValue>
  : TField extends "warm" ? CheckPrefetchOwned<TManifest, TCache, TValue>
  : TField extends "strategy" ? CheckStrategy<TManifest, TCache, TValue>
  : TField extends "private" ? CheckPrivate<TManifest, TCache, TValue>
  : TField extends "exclusive" ? CheckFlag<"exclusive", TCache, TValue>
  : TField extends "lifetime" ? CheckLifetime<TCache, TValue>
  : TField extends "value" ? CheckValue<TCache, TValue>
  : TValue;

/** `owns`: a non-empty list, each pattern checked in place (rules 2 and 12). */
type CheckOwns<TManifest, TCache extends string, TOwns> =
  TOwns extends readonly [unknown, ...unknown[]]
    ? { [I in keyof TOwns]: CheckPrivatePattern<TManifest, TCache, CheckOwnedPattern<TManifest, TCache, TOwns[I]>> }
    : BadFieldMessage<"owns", TCache, "a non-empty array of patterns">;

/** Rule 12, per pattern: a private cache's keys are per user, so each pattern has a `*`. */
type CheckPrivatePattern<TManifest, TCache extends string, TVerdict> =
  TVerdict extends `✗${string}` ? TVerdict
  : IsOn<TManifest, TCache, "private"> extends true
    ? TVerdict extends string ? (HasWildcard<TVerdict> extends true ? TVerdict : PrivateWithoutWildcardMessage<TVerdict, TCache>) : TVerdict
    : TVerdict;

/** `invalidates`: each target checked in place (rules 3 and 4). */
type InvalidatesVerdicts<TManifest, TCache extends string, TTargets> =
  TTargets extends readonly unknown[] ? { [I in keyof TTargets]: CheckInvalidatesTarget<TManifest, TCache, TTargets[I]> } : never;

/** A list field that must be an array. */
type CheckList<TValue, TField extends string, TCache extends string, TVerdicts> =
  TValue extends readonly unknown[] ? TVerdicts : BadFieldMessage<TField, TCache, "an array of patterns">;

// Re-exported so the rule index lists every check in one place.
export type { CheckAcyclic, CheckDuration };
