import type { FreshnessWithoutTtlMessage, HardTimeoutNotLongerMessage, RealTimeForbidsMessage } from "../messages/manifest.js";
import type { FieldOf, HasField } from "./access.js";
import type { IsDuration, IsLonger } from "./literals.js";
import type { CheckDuration } from "./sizes-and-durations.js";

/**
 * Rules 9 and 11 on `ttl`: a `real_time` cache is never served stale, so it has no ttl.
 *
 * @example
 * type V = CheckTtl<typeof app, "live_prices", "5s">
 * //=> "✗ cache 'live_prices' is real_time and cannot have a ttl — remove ttl"
 */
export type CheckTtl<TManifest, TCache extends string, TValue> =
  IsRealTime<TManifest, TCache> extends true ? RealTimeForbidsMessage<TCache, "ttl"> : CheckDuration<"ttl", TCache, TValue>;

/**
 * Rule 11 on `grace` and `timeout`: they extend a `ttl`, so they need one (and `real_time` forbids `grace`).
 *
 * @example
 * type V = CheckNeedsTtl<typeof app, "data_cache", "grace", "6h">
 * //=> "✗ grace of cache 'data_cache' needs a ttl — add ttl"
 */
export type CheckNeedsTtl<TManifest, TCache extends string, TField extends "grace" | "timeout", TValue> =
  TField extends "grace" ?
    IsRealTime<TManifest, TCache> extends true ?
      RealTimeForbidsMessage<TCache, "grace">
    : NeedsTtl<TManifest, TCache, TField, TValue>
  : NeedsTtl<TManifest, TCache, TField, TValue>;

/**
 * Rule 11 on `hardTimeout`: longer than the soft `timeout`, when both are set.
 *
 * @example
 * const spec = { caches: { data_cache: { primary: "server", owns: ["data:*"], ttl: "1h", timeout: "2s" } } } as const
 * type V = CheckHardTimeout<typeof spec, "data_cache", "100ms">
 * //=> "✗ hardTimeout '100ms' of cache 'data_cache' is not longer than timeout '2s' — make it longer"
 */
export type CheckHardTimeout<TManifest, TCache extends string, TValue> =
  IsDuration<TValue> extends false ? CheckDuration<"hardTimeout", TCache, TValue>
  : FieldOf<TManifest, TCache, "timeout"> extends infer Soft extends string ?
    IsDuration<Soft> extends true ?
      IsLonger<TValue & string, Soft> extends true ?
        TValue
      : HardTimeoutNotLongerMessage<TValue & string, TCache, Soft>
    : TValue
  : TValue;

/** The field's own duration check, once a `ttl` is there. */
type NeedsTtl<TManifest, TCache extends string, TField extends string, TValue> =
  HasField<TManifest, TCache, "ttl"> extends true ? CheckDuration<TField, TCache, TValue> : FreshnessWithoutTtlMessage<TField, TCache>;

/** `strategy: "real_time"`. */
type IsRealTime<TManifest, TCache extends string> = FieldOf<TManifest, TCache, "strategy"> extends "real_time" ? true : false;
