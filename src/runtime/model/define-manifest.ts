import { ManifestError } from "../errors.js";
import { validateManifest } from "./validate-manifest.js";

/**
 * The run-time half of `defineManifest`: checks a manifest against every rule and returns the same
 * object, deep-frozen, or throws one `ManifestError` listing every issue (and freezes nothing). The
 * input is not changed otherwise: defaults such as `layers` live in `modelOf(app)`, not in the object.
 *
 * @throws {ManifestError} naming, for each issue, the rule, the cache, the pattern or field, and the layer.
 * @example
 * declare const text: string // a manifest read from a JSON file
 * const app = defineManifestRuntime(JSON.parse(text))
 * @see docs/design.md#manifest-rules
 */
export function defineManifestRuntime<TManifest>(input: TManifest): TManifest {
  const issues = validateManifest(input);
  if (issues.length > 0) throw new ManifestError(issues);
  return freezeManifest(input);
}

// Freezes the manifest, its layers, caches and their arrays; a cache's `value` is the user's
// phantom (a frozen marker from `typed()`), left as it is.
function freezeManifest<TManifest>(manifest: TManifest): TManifest {
  const root = manifest as Record<string, unknown>;
  const caches = root["caches"] as Record<string, Record<string, unknown>>;
  for (const cache of Object.values(caches)) {
    for (const field of ["owns", "invalidates"]) if (Array.isArray(cache[field])) Object.freeze(cache[field]);
    const warm = cache["warm"] as Record<string, unknown> | undefined;
    if (warm) Object.freeze(Object.freeze(warm)["prefetch"]);
    Object.freeze(cache);
  }
  Object.freeze(caches);
  if (Array.isArray(root["layers"])) Object.freeze(root["layers"]);
  return Object.freeze(manifest);
}
