import type { FieldOf, HasField, IsOn } from "../manifest/access.js";

/** `true` for a `streaming: true` cache. */
export type IsStreaming<TManifest, TCache extends string> = IsOn<TManifest, TCache, "streaming">;

/** `true` for an `exclusive: true` cache. */
export type IsExclusive<TManifest, TCache extends string> = IsOn<TManifest, TCache, "exclusive">;

/** `true` for a `lifetime: "session"` cache without `ttl`: each `set` must bring its `cleanup` (rule 10). */
export type NeedsCleanup<TManifest, TCache extends string> =
  FieldOf<TManifest, TCache, "lifetime"> extends "session" ?
    HasField<TManifest, TCache, "ttl"> extends true ?
      false
    : true
  : false;

/** `true` for a `lifetime: "request"` cache, whose keys a request scope sets. */
export type IsRequestScoped<TManifest, TCache extends string> = FieldOf<TManifest, TCache, "lifetime"> extends "request" ? true : false;

/**
 * What a cache's rules change about its handle, as one short union: `"streaming"`, `"exclusive"`,
 * `"session"` (a session cache without `ttl`), or `"plain"` for none.
 *
 * @example
 * type K = HandleKind<typeof app, "video_cache">
 * //=> "streaming"
 */
export type HandleKind<TManifest, TCache extends string> = OrPlain<
  | (IsStreaming<TManifest, TCache> extends true ? "streaming" : never)
  | (IsExclusive<TManifest, TCache> extends true ? "exclusive" : never)
  | (NeedsCleanup<TManifest, TCache> extends true ? "session" : never)
>;

type OrPlain<TKind extends string> = [TKind] extends [never] ? "plain" : TKind;
