import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { notADurationMessage, notASizeMessage } from "../messages/manifest.js";
import { written } from "../messages/quote.js";
import { parseDuration } from "../manifest/parse-duration.js";
import { parseSize } from "../manifest/parse-size.js";

const sizeFields = ["maxSize", "chunkSize"] as const;
const durationFields = ["ttl", "grace", "timeout", "hardTimeout"] as const;

/**
 * Rule 6: sizes are strings like `"50MB"` (B, KB, MB, GB) and durations like `"30m"` (ms, s, m, h,
 * d), the number positive and written canonically (`"1.5KB"`, not `"050MB"`, `"0MB"` or `"50 MB"`).
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { product_cache: { primary: "edge", owns: ["products:*"], maxSize: "50 megs" } } })
 * sizesAndDurations(view!)[0]?.message
 * //=> "✗ maxSize '50 megs' of cache 'product_cache' is not a size — write it like '50MB' (B, KB, MB, GB)"
 */
export const sizesAndDurations: Guard = (manifest) =>
  manifest.caches.flatMap((cache) => [
    ...sizeFields.flatMap((field) => {
      const value = cache.input[field];
      return value === undefined || parseSize(value) ?
          []
        : [issueOn(cache, "sizes-and-durations", notASizeMessage(field, written(value), cache.name), { field })];
    }),
    ...durationFields.flatMap((field) => {
      const value = cache.input[field];
      return value === undefined || parseDuration(value) ?
          []
        : [issueOn(cache, "sizes-and-durations", notADurationMessage(field, written(value), cache.name), { field })];
    }),
  ]);
