import type { ManifestIssue } from "../errors.js";
import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { alreadyOwnedMessage, overlapsOwnedMessage } from "../messages/manifest.js";
import { literalPrefix } from "../pattern/literal-prefix.js";
import { patternsOverlap } from "../pattern/patterns-overlap.js";

/**
 * Rule 2: no two caches own overlapping patterns — one owner per key.
 *
 * Each overlapping pair is reported from the side with the longer literal prefix, which is where
 * the prefix index finds it (`'user:admin:*'` overlaps `'user:*'`, not the other way); equal
 * prefixes report both sides, so a pattern owned twice names each cache on the other. The index
 * keeps this near-linear: a pattern is compared only with the patterns filed under its own prefixes.
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { a: { primary: "client", owns: ["user:*"] }, b: { primary: "edge", owns: ["user:*"] } } })
 * oneOwnerPerKey(view!).map((issue) => issue.message)
 * //=> ["✗ 'user:*' is already owned by cache 'b' (edge) — borrow it instead", "✗ 'user:*' is already owned by cache 'a' (client) — borrow it instead"]
 */
export const oneOwnerPerKey: Guard = (manifest) => {
  const issues: ManifestIssue[] = [];
  for (const cache of manifest.caches) {
    for (const pattern of cache.owns) {
      for (const other of manifest.owners.withPrefixOf(literalPrefix(pattern))) {
        if (other.value === cache || !patternsOverlap(other.pattern, pattern)) continue;
        const owner = other.value;
        const message =
          other.pattern === pattern ?
            alreadyOwnedMessage(pattern, owner.name, owner.primaryText)
          : overlapsOwnedMessage(pattern, other.pattern, owner.name, owner.primaryText);
        issues.push(issueOn(cache, "one-owner-per-key", message, { pattern, field: "owns" }));
      }
    }
  }
  return issues;
};
