import type { ManifestIssue } from "../errors.js";
import { defaultLayers } from "../manifest/default-layers.js";
import { cacheFields, type CacheView, type ManifestView } from "../manifest/manifest-view.js";
import { badFieldMessage, badPatternMessage, unknownFieldMessage } from "../messages/manifest.js";
import { badManifestFieldMessage, notACacheMessage, notAManifestMessage } from "../messages/manifest-shape.js";
import { written } from "../messages/quote.js";
import { fieldPath, located, manifestPath } from "../messages/location.js";
import { isValidPattern } from "../pattern/is-valid-pattern.js";
import { isTyped } from "../manifest/typed.js";
import { isStandardSchema } from "../manifest/standard-schema.js";
import { PatternIndex } from "../pattern/pattern-index.js";
import { invalidationModeExpected, readInvalidationEntry } from "../manifest/invalidation-entry.js";

const knownFields: ReadonlySet<string> = new Set(cacheFields);
const booleanFields = ["streaming", "exclusive", "private"] as const;
const choices = {
  strategy: [["offline_first", "real_time"], "'offline_first' or 'real_time'"],
  lifetime: [["static", "request", "session"], "'static', 'request' or 'session'"],
  validate: [["read", "write", "both"], "'read', 'write' or 'both'"],
} as const;
const warmExpected = "an object with a prefetch array";

/**
 * What the shape guard found: its issues and, when the top level is sound, the view the rules run on.
 *
 * @example
 * checkManifestShape(null)  //=> { issues: [{ rule: "manifest-shape", message: "✗ the manifest is null — …" }], view: undefined }
 */
export interface ShapeResult {
  readonly issues: ManifestIssue[];
  readonly view: ManifestView | undefined;
}

/**
 * The twin of what `tsc` checks by the manifest's parameter type, for input from JavaScript: an
 * object with `caches` (an object of cache objects) and optional `layers` (distinct non-empty
 * names), each cache with known fields of the right kinds and well-formed patterns. Every issue
 * names the cache and the field. When the top level is sound it also returns the view the other
 * rules check, leaving out what it reported, so that they can run too.
 *
 * @example
 * checkManifestShape({ caches: { user_data: { primary: "client", owns: ["user:*"], invalidate: [] } } }).issues[0]?.message
 * //=> "✗ cache 'user_data' has no field 'invalidate' — use primary, owns, …"
 */
export function checkManifestShape(input: unknown): ShapeResult {
  if (!isRecord(input)) return { issues: [topLevel(notAManifestMessage(written(input)))], view: undefined };
  const issues: ManifestIssue[] = [];
  const layers = input["layers"] === undefined ? defaultLayers : input["layers"];
  if (!isLayerList(layers)) issues.push(topLevel(badManifestFieldMessage("layers", "a non-empty array of distinct non-empty layer names"), "layers"));
  const caches = input["caches"];
  if (!isRecord(caches))
    issues.push(topLevel(badManifestFieldMessage("caches", "an object of caches, like { user_data: { primary: 'client', owns: ['user:*'] } }"), "caches"));
  if (!isLayerList(layers) || !isRecord(caches)) return { issues, view: undefined };

  const views: CacheView[] = [];
  for (const [name, cache] of Object.entries(caches)) {
    if (!isRecord(cache))
      issues.push({ rule: "manifest-shape", message: located(notACacheMessage(name, written(cache)), manifestPath(["caches", name])), cache: name });
    else views.push(readCache(name, cache, layers, issues));
  }
  const owners = new PatternIndex<CacheView>();
  for (const view of views) for (const pattern of view.owns) owners.add(pattern, view);
  return { issues, view: { layers, caches: views, owners } };
}

// Reads one cache object, reporting what is malformed and keeping what is usable.
function readCache(name: string, cache: Readonly<Record<string, unknown>>, layers: readonly string[], issues: ManifestIssue[]): CacheView {
  const primary = cache["primary"];
  const layer = typeof primary === "string" && layers.includes(primary) ? primary : undefined;
  // `at` is the path below the cache when it is not the field itself (an item of a list, by position).
  const report = (message: string, field: string, pattern?: string, at?: readonly (string | number)[]) =>
    issues.push({
      rule: "manifest-shape",
      message: located(message, at === undefined ? fieldPath(name, cache, field) : manifestPath(["caches", name, ...at])),
      cache: name,
      ...(layer === undefined ? {} : { layer }),
      ...(pattern === undefined ? {} : { pattern }),
      field,
    });

  for (const field of Object.keys(cache)) if (!knownFields.has(field)) report(unknownFieldMessage(field, name), field);

  const patterns = (value: unknown, field: string, required: boolean): string[] => {
    if (value === undefined && !required) return [];
    if (!Array.isArray(value) || (required && value.length === 0)) {
      report(badFieldMessage(field, name, required ? "a non-empty array of patterns" : "an array of patterns"), field);
      return [];
    }
    value.forEach((item: unknown, index) => {
      if (!isValidPattern(item))
        report(badPatternMessage(written(item), field, name), field, typeof item === "string" ? item : undefined, [...field.split("."), index]);
    });
    return value.filter(isValidPattern);
  };
  const owns = patterns(cache["owns"], "owns", true);
  const invalidates = patterns(invalidationTargets(cache["invalidates"], name, report), "invalidates", false);

  let prefetch: string[] = [];
  const warm = cache["warm"];
  if (warm !== undefined) {
    const extra = isRecord(warm) && Object.keys(warm).some((key) => key !== "prefetch" && key !== "backfill");
    if (!isRecord(warm) || !Array.isArray(warm["prefetch"]) || extra) report(badFieldMessage("warm", name, warmExpected), "warm");
    if (isRecord(warm) && Array.isArray(warm["prefetch"])) prefetch = patterns(warm["prefetch"], "warm.prefetch", false);
    if (isRecord(warm) && warm["backfill"] !== undefined && typeof warm["backfill"] !== "boolean")
      report(badFieldMessage("warm.backfill", name, "true or false"), "warm.backfill");
  }

  for (const field of booleanFields) {
    if (cache[field] !== undefined && typeof cache[field] !== "boolean") report(badFieldMessage(field, name, "true or false"), field);
  }
  for (const [field, [allowed, expected]] of Object.entries(choices)) {
    const value = cache[field];
    if (value !== undefined && !(allowed as readonly unknown[]).includes(value)) report(badFieldMessage(field, name, expected), field);
  }
  const value = cache["value"];
  if (value !== undefined && !isTyped(value) && !isStandardSchema(value))
    report(badFieldMessage("value", name, "typed<T>() or a Standard Schema (zod, valibot, …)"), "value");
  const version = cache["version"];
  if (version !== undefined && !(typeof version === "string" ? version.length > 0 : Number.isFinite(version)))
    report(badFieldMessage("version", name, "a non-empty string or a number"), "version");

  return { name, input: cache, layer, primaryText: typeof primary === "string" ? primary : written(primary), owns, invalidates, prefetch };
}

// `invalidates` entries as their targets (an entry `{ target, mode }` checked like a plain pattern), a bad mode reported.
function invalidationTargets(value: unknown, cache: string, report: (message: string, field: string) => void): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item: unknown) => {
    const { target, mode } = readInvalidationEntry(item);
    if (mode === undefined) report(badFieldMessage("mode in invalidates", cache, invalidationModeExpected), "invalidates");
    return target;
  });
}

function topLevel(message: string, field?: string): ManifestIssue {
  return { rule: "manifest-shape", message: located(message, manifestPath(field === undefined ? [] : [field])), ...(field === undefined ? {} : { field }) };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLayerList(value: unknown): value is readonly string[] {
  return (
    Array.isArray(value) && value.length > 0 && value.every((layer) => typeof layer === "string" && layer.length > 0) && new Set(value).size === value.length
  );
}
