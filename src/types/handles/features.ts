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
