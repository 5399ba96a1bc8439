import type { Located } from "../../types/messages/location.js";

/**
 * The run-time twin of `Located`: a manifest message with the path of the offending value after it.
 *
 * @example
 * located("✗ cache 'video_cache' streams without chunkSize — add chunkSize, e.g. '1MB'", "caches.video_cache.streaming")
 * //=> "✗ cache 'video_cache' streams without chunkSize — add chunkSize, e.g. '1MB' (at caches.video_cache.streaming)"
 */
export const located = <const TMessage extends string, const TPath extends string>(message: TMessage, path: TPath): Located<TMessage, TPath> =>
  `${message} (at ${path})`;

/** What the path of the manifest itself reads. */
export const manifestRoot = "the manifest";

/**
 * The path of a value inside the manifest, as JavaScript would reach it: `caches.users_admin.owns[0]`,
 * `caches["user-data"].primary`, `layers`; `the manifest` for the manifest itself.
 *
 * @example
 * manifestPath(["caches", "users_admin", "owns", 0])  //=> "caches.users_admin.owns[0]"
 * manifestPath(["caches", "user-data", "warm", "prefetch", 1])  //=> 'caches["user-data"].warm.prefetch[1]'
 */
export function manifestPath(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return manifestRoot;
  return segments
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      if (!/^[A-Za-z_$][\w$]*$/.test(segment)) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join("");
}

/**
 * The path of a cache's field, or of one pattern in a list field (`owns`, `invalidates`,
 * `warm.prefetch`): the pattern's position in the list as written.
 *
 * @example
 * fieldPath("users_admin", { owns: ["user:admin:*"] }, "owns", "user:admin:*")  //=> "caches.users_admin.owns[0]"
 * fieldPath("video_cache", {}, "streaming")  //=> "caches.video_cache.streaming"
 */
export function fieldPath(cache: string, input: Readonly<Record<string, unknown>>, field?: string, pattern?: unknown): string {
  const fieldSegments = field === undefined ? [] : field.split(".");
  const segments: (string | number)[] = ["caches", cache, ...fieldSegments];
  if (pattern !== undefined) {
    let list: unknown = input;
    for (const segment of fieldSegments) list = typeof list === "object" && list !== null ? (list as Record<string, unknown>)[segment] : undefined;
    const index = Array.isArray(list) ? list.indexOf(pattern) : -1;
    if (index >= 0) segments.push(index);
  }
  return manifestPath(segments);
}
