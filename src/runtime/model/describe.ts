import { modelOf } from "./model-of.js";
import type { CacheModel } from "./model.js";
import { patternsOverlap } from "../pattern/index.js";

/**
 * A Mermaid `flowchart` of a manifest: one subgraph per layer (nearest the user first), each cache as
 * a node inside its primary layer with its patterns, and an edge per `invalidates` entry. Paste it in a
 * Markdown file, or in mermaid.live, to see who owns what and what a write drops.
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
export function describe(app: object): string {
  const model = modelOf(app);
  const lines = ["flowchart LR"];
  for (const layer of model.layers) {
    lines.push(`  subgraph ${nodeId("layer", layer)}["${label(layer)}"]`);
    for (const cache of model.caches.values()) {
      if (cache.primary === layer) lines.push(`    ${nodeId("cache", cache.name)}["${label(cacheLabel(cache))}"]`);
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
  return lines.join("\n");
}

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
