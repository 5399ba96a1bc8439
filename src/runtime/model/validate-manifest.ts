import type { ManifestIssue } from "../errors.js";
import type { Guard } from "../guards/guard.js";
import { checkManifestShape } from "../guards/manifest-shape.js";
import { primaryIsALayer } from "../guards/primary-is-a-layer.js";
import { oneOwnerPerKey } from "../guards/one-owner-per-key.js";
import { invalidatesOwnedTarget } from "../guards/invalidates-owned-target.js";
import { acyclicInvalidation } from "../guards/acyclic-invalidation.js";
import { streamingNeedsChunkSize } from "../guards/streaming-needs-chunk-size.js";
import { sizesAndDurations } from "../guards/sizes-and-durations.js";
import { prefetchOwnedByCache } from "../guards/prefetch-owned-by-cache.js";
import { offlineFirstOnClient } from "../guards/offline-first-on-client.js";
import { realTimeNeverStale } from "../guards/real-time-never-stale.js";
import { freshnessNeedsTtl } from "../guards/freshness-needs-ttl.js";
import { privateNeverShared } from "../guards/private-never-shared.js";
import { validateNeedsSchema } from "../guards/validate-needs-schema.js";

/** The manifest rules of docs/design.md#manifest-rules in their order (10 and 13 are checked at `set`). */
const guards: readonly Guard[] = [
  primaryIsALayer,
  oneOwnerPerKey,
  invalidatesOwnedTarget,
  acyclicInvalidation,
  streamingNeedsChunkSize,
  sizesAndDurations,
  prefetchOwnedByCache,
  offlineFirstOnClient,
  realTimeNeverStale,
  freshnessNeedsTtl,
  privateNeverShared,
  validateNeedsSchema,
];

/**
 * Every way a manifest breaks the rules, in rule order; empty when it is valid. The shape is checked
 * first; when the top level is unusable (not an object, no `caches`, bad `layers`) only that is
 * reported, otherwise every rule runs on what could be read, so one call lists all the mistakes.
 *
 * @example
 * validateManifest({ caches: { a: { primary: "edge", owns: ["user:*"] }, b: { primary: "server", owns: ["user:*"] } } })
 *   .map((issue) => issue.rule)
 * //=> ["one-owner-per-key", "one-owner-per-key"]
 */
export function validateManifest(input: unknown): ManifestIssue[] {
  const { issues, view } = checkManifestShape(input);
  if (view) for (const guard of guards) issues.push(...guard(view));
  // A pattern listed twice finds the same conflict twice; say each thing once.
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = `${issue.rule}\u0000${issue.cache ?? ""}\u0000${issue.field ?? ""}\u0000${issue.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
