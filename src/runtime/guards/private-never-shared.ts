import type { ManifestIssue } from "../errors.js";
import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { privateOnSharedLayerMessage, privateWithoutWildcardMessage } from "../messages/manifest.js";

/**
 * Rule 12: a `private` cache (values of one user) never lives on a layer shared between users — any
 * layer strictly between the first and the last, such as the edge — and each of its patterns has a
 * `*` for the per-user part of the key.
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { carts: { primary: "edge", owns: ["cart:*"], private: true } } })
 * privateNeverShared(view!)[0]?.message
 * //=> "✗ cache 'carts' is private but its primary 'edge' is shared between users — make its primary 'client' or 'server'"
 */
export const privateNeverShared: Guard = (manifest) => {
  const first = manifest.layers[0] ?? "";
  const last = manifest.layers[manifest.layers.length - 1] ?? "";
  return manifest.caches.flatMap((cache) => {
    if (cache.input["private"] !== true) return [];
    const issues: ManifestIssue[] = [];
    if (cache.layer !== undefined && cache.layer !== first && cache.layer !== last) {
      issues.push(issueOn(cache, "private-never-shared", privateOnSharedLayerMessage(cache.name, cache.layer, first, last), { field: "private" }));
    }
    for (const pattern of cache.owns) {
      if (!pattern.includes("*"))
        issues.push(issueOn(cache, "private-never-shared", privateWithoutWildcardMessage(pattern, cache.name), { pattern, field: "owns" }));
    }
    return issues;
  });
};
