import type { ManifestIssue } from "../errors.js";
import type { ManifestRule } from "../../types/messages/rules.js";
import type { CacheView, ManifestView } from "../manifest/manifest-view.js";
import { fieldPath, located } from "../messages/location.js";

/**
 * A rule's run-time twin: a pure function of the manifest that returns every violation it finds.
 *
 * @example
 * import { streamingWithoutChunkSizeMessage } from "../messages/manifest.js"
 * const streamingNeedsChunkSize: Guard = (manifest) =>
 *   manifest.caches.flatMap((cache) =>
 *     cache.input["streaming"] === true && cache.input["chunkSize"] === undefined
 *       ? [issueOn(cache, "streaming-needs-chunk-size", streamingWithoutChunkSizeMessage(cache.name), { field: "streaming" })]
 *       : [],
 *   )
 */
export type Guard = (manifest: ManifestView) => ManifestIssue[];

/**
 * An issue on one cache, with the cache's name and layer filled in, and its message located: the
 * rule's text (what `tsc` says on the property) followed by the path of the offending value,
 * `caches.<cache>.<field>` or `caches.<cache>.<field>[<index of the pattern>]`.
 *
 * @example
 * import type { CacheView } from "../manifest/manifest-view.js"
 * import { streamingWithoutChunkSizeMessage } from "../messages/manifest.js"
 * declare const cache: CacheView
 * issueOn(cache, "streaming-needs-chunk-size", streamingWithoutChunkSizeMessage(cache.name), { field: "streaming" })
 */
export function issueOn(
  cache: CacheView,
  rule: ManifestRule,
  message: string,
  where: { readonly pattern?: string; readonly field?: string } = {},
): ManifestIssue {
  return {
    rule,
    message: located(message, fieldPath(cache.name, cache.input, where.field, where.pattern)),
    cache: cache.name,
    ...(cache.layer === undefined ? {} : { layer: cache.layer }),
    ...(where.pattern === undefined ? {} : { pattern: where.pattern }),
    ...(where.field === undefined ? {} : { field: where.field }),
  };
}
