import type { ManifestIssue } from "../errors.js";
import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { freshnessWithoutTtlMessage, hardTimeoutNotLongerMessage } from "../messages/manifest.js";
import { compareAmounts } from "../manifest/amount.js";
import { parseDuration } from "../manifest/parse-duration.js";

/**
 * Rule 11: `grace` and `timeout` extend a `ttl`, so they need one; a `hardTimeout` must be strictly
 * longer than the soft `timeout` (compared exactly: `"1.1s"` is not longer than `"1100ms"`).
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { data_cache: { primary: "server", owns: ["data:*"], grace: "6h" } } })
 * freshnessNeedsTtl(view!)[0]?.message
 * //=> "✗ grace of cache 'data_cache' needs a ttl — add ttl"
 */
export const freshnessNeedsTtl: Guard = (manifest) =>
  manifest.caches.flatMap((cache) => {
    const issues: ManifestIssue[] = [];
    const { ttl, grace, timeout, hardTimeout } = cache.input;
    if (ttl === undefined) {
      // A real_time cache's grace is rule 9's to report (remove it), as on the type level.
      if (grace !== undefined && cache.input["strategy"] !== "real_time")
        issues.push(issueOn(cache, "freshness-needs-ttl", freshnessWithoutTtlMessage("grace", cache.name), { field: "grace" }));
      if (timeout !== undefined) issues.push(issueOn(cache, "freshness-needs-ttl", freshnessWithoutTtlMessage("timeout", cache.name), { field: "timeout" }));
    }
    const soft = parseDuration(timeout);
    const hard = parseDuration(hardTimeout);
    if (soft && hard && compareAmounts(hard, soft) <= 0) {
      issues.push(
        issueOn(cache, "freshness-needs-ttl", hardTimeoutNotLongerMessage(String(hardTimeout), cache.name, String(timeout)), { field: "hardTimeout" }),
      );
    }
    return issues;
  });
