import { modelOf } from "./model-of.js";
import type { CacheModel } from "./model.js";
import { patternsOverlap } from "../pattern/index.js";
import type { LiveStats } from "../contracts/live-stats.js";
import { liveAnnotations } from "./live-annotations.js";

/**
 * A Mermaid `flowchart` of a manifest: one subgraph per layer (nearest the user first), each cache as
 * a node inside its primary layer with its patterns, and an edge per `invalidates` entry. Paste it in a
 * Markdown file, or in mermaid.live, to see who owns what and what a write drops.
 *
 * Given what running layers counted (`live`: `{ stats: [server.stats(), edge.stats()] }`, or
 * `watchLayers([...]).snapshot()` to add invalidation delays), each cache's node also shows its hit
 * ratio, loads, bytes, evictions and invalidation delay, and is coloured by the share of reads that
 * cost its source nothing (hits, and misses that joined another read's load): `works` at 80% or more,
 * `thrashes` under 50% (or when it evicts more than half of what it stores), `mixed` in between; a
 * cache read fewer than 10 times is left plain.
 *
 * @example
 * describe(app)
 * //=> flowchart LR
 * //     subgraph layer_client["client"]
 * //       cache_user_data["user_data<br/>'user:*'"]
 * //     end
 * //     …
 * //     cache_user_data -->|invalidates 'profile:*'| cache_profile
 */
export function describe(app: object, live?: LiveStats): string {
  const model = modelOf(app);
  const annotations = live === undefined ? undefined : liveAnnotations(model, live);
  const lines = ["flowchart LR"];
  for (const layer of model.layers) {
    lines.push(`  subgraph ${nodeId("layer", layer)}["${label(layer)}"]`);
    for (const cache of model.caches.values()) {
      if (cache.primary !== layer) continue;
      const annotation = annotations?.get(cache.name);
      const text = annotation ? `${cacheLabel(cache)}<br/>${annotation.lines.join("<br/>")}` : cacheLabel(cache);
      lines.push(`    ${nodeId("cache", cache.name)}["${label(text)}"]${annotation?.verdict ? `:::${annotation.verdict}` : ""}`);
    }
    lines.push("  end");
  }
  for (const cache of model.caches.values()) {
    for (const pattern of cache.invalidates) {
      const caches = [...model.caches.values()];
      const target = caches.find((other) => other.owns.includes(pattern)) ?? caches.find((other) => other.owns.some((own) => patternsOverlap(own, pattern)));
      if (!target) continue;
      lines.push(`  ${nodeId("cache", cache.name)} -->|${label(`invalidates '${pattern}'`)}| ${nodeId("cache", target.name)}`);
    }
  }
  if (annotations) lines.push(...LIVE_CLASSES);
  return lines.join("\n");
}

/** The colours of the verdicts on live stats. */
const LIVE_CLASSES = [
  "  classDef works fill:#d9f2d9,stroke:#2e7d32",
  "  classDef mixed fill:#fff4cc,stroke:#b08800",
  "  classDef thrashes fill:#f8d7da,stroke:#c62828",
];

/** The text of a cache's node: its name, its patterns, and the properties that change how it is used. */
function cacheLabel(cache: CacheModel): string {
  const traits = [
    cache.streaming ? "streaming" : "",
    cache.exclusive ? "exclusive" : "",
    cache.lifetime !== "static" ? `lifetime ${cache.lifetime}` : "",
    cache.strategy ?? "",
    cache.private ? "private" : "",
  ].filter(Boolean);
  const patterns = cache.owns.map((pattern) => `'${pattern}'`).join(", ");
  return [cache.name, patterns, ...(traits.length > 0 ? [traits.join(", ")] : [])].join("<br/>");
}

// Mermaid ids allow letters, digits and underscores; labels are quoted, so only `"` and `|` need escaping.
function nodeId(kind: string, name: string): string {
  return `${kind}_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

function label(text: string): string {
  return text.replaceAll('"', "#quot;").replaceAll("|", "#124;");
}
