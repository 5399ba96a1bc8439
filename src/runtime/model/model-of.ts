import { isStandardSchema } from "../manifest/standard-schema.js";
import { ManifestError } from "../errors.js";
import { defaultLayers } from "../manifest/default-layers.js";
import { capture } from "../pattern/capture.js";
import { PatternIndex } from "../pattern/pattern-index.js";
import { substitute } from "../pattern/substitute.js";
import type { CacheModel, InvalidationTarget, ManifestModel } from "./model.js";
import { cacheMembership } from "./cache-membership.js";
import { parseDuration } from "../manifest/parse-duration.js";
import { parseSize } from "../manifest/parse-size.js";
import { validateManifest } from "./validate-manifest.js";
import { readInvalidationEntry } from "../manifest/invalidation-entry.js";

// One model per manifest object: every layer of a process shares it, and it dies with the manifest.
const models = new WeakMap<object, ManifestModel>();

/**
 * The normalised run-time view of a manifest (sizes in bytes, durations in ms, defaults filled in)
 * with the lookups layers need. Built once per manifest object and memoised; a manifest that breaks
 * a rule (one not made by `defineManifest`) is checked here too.
 *
 * @throws {ManifestError} when the manifest breaks a rule.
 * @example
 * modelOf(app).ownerOfKey("user:42")?.name                  //=> "user_data"
 * modelOf(app).invalidationsOf("user_data", "user:42")[0]   //=> { cache: "profile", target: "profile:42", isPattern: false }
 */
export function modelOf(app: object): ManifestModel {
  let model = models.get(app);
  if (!model) {
    const issues = validateManifest(app);
    if (issues.length > 0) throw new ManifestError(issues);
    model = new CompiledManifest(app as Readonly<Record<string, unknown>>);
    models.set(app, model);
  }
  return model;
}

/** A checked manifest with its indexes: patterns by literal prefix, caches by name and by exact pattern. */
class CompiledManifest implements ManifestModel {
  readonly layers: readonly string[];
  readonly caches: ReadonlyMap<string, CacheModel>;
  readonly #byPattern = new Map<string, CacheModel>();
  readonly #owners = new PatternIndex<CacheModel>();

  constructor(manifest: Readonly<Record<string, unknown>>) {
    this.layers = Object.freeze([...((manifest["layers"] as readonly string[] | undefined) ?? defaultLayers)]);
    const caches = new Map<string, CacheModel>();
    for (const [name, input] of Object.entries(manifest["caches"] as Record<string, Readonly<Record<string, unknown>>>)) {
      const cache = cacheModel(name, input);
      caches.set(name, cache);
      for (const pattern of cache.owns) {
        this.#owners.add(pattern, cache);
        this.#byPattern.set(pattern, cache);
      }
    }
    this.caches = caches;
  }

  resolve(cacheOrPattern: string): CacheModel | undefined {
    return this.caches.get(cacheOrPattern) ?? this.#byPattern.get(cacheOrPattern);
  }

  ownerOfKey(key: string): CacheModel | undefined {
    return this.#owners.matching(key)?.value;
  }

  /**
   * Breadth first from the written key: each target gets the captures of the key that caused it, and
   * goes to the cache owning it (a key) or to every cache owning a pattern that overlaps it (a
   * pattern). A pattern that reaches a cache whose own patterns it does not fit carries no captures
   * on: that cache's targets are then dropped whole, more than needed but never less.
   */
  invalidationsOf(cache: string, key: string): readonly InvalidationTarget[] {
    const start = this.caches.get(cache);
    if (!start) return [];
    const found = new Map<string, InvalidationTarget>();
    const queue: [CacheModel, string][] = [[start, key]];
    for (let next = 0; next < queue.length; next++) {
      const [writer, written] = queue[next]!;
      const captures = capturesOf(writer, written);
      writer.invalidates.forEach((pattern, index) => {
        const target = captures ? substitute(pattern, captures) : pattern;
        const isPattern = target.includes("*");
        const mode = writer.invalidationModes[index] === "expire" ? "expire" : undefined;
        for (const owner of isPattern ? this.#overlappingOwners(target) : [this.ownerOfKey(target)]) {
          if (!owner) continue;
          const id = `${owner.name}\u0000${target}`;
          const known = found.get(id);
          // Reached twice: once, and deleted if either way deletes it.
          if (known) {
            if (known.mode === "expire" && mode === undefined) found.set(id, Object.freeze({ cache: owner.name, target, isPattern }));
            continue;
          }
          found.set(id, Object.freeze(mode ? { cache: owner.name, target, isPattern, mode } : { cache: owner.name, target, isPattern }));
          queue.push([owner, target]);
        }
      });
    }
    return Object.freeze([...found.values()]);
  }

  #overlappingOwners(pattern: string): CacheModel[] {
    return [...new Set(this.#owners.overlapping(pattern).map((entry) => entry.value))];
  }
}

// What the cache's first pattern that fits the written key or pattern captured from it.
function capturesOf(cache: CacheModel, written: string): string[] | undefined {
  for (const pattern of cache.owns) {
    const captures = capture(pattern, written);
    if (captures) return captures;
  }
  return undefined;
}

// One cache of a checked manifest, normalised.
function cacheModel(name: string, input: Readonly<Record<string, unknown>>): CacheModel {
  const warm = input["warm"] as { readonly prefetch: readonly string[]; readonly backfill?: boolean } | undefined;
  const owns = Object.freeze([...(input["owns"] as readonly string[])]);
  const entries = ((input["invalidates"] as readonly unknown[] | undefined) ?? []).map(readInvalidationEntry);
  return Object.freeze({
    ...cacheMembership(owns),
    name,
    primary: input["primary"] as string,
    owns,
    invalidates: Object.freeze(entries.map((entry) => entry.target as string)),
    invalidationModes: Object.freeze(entries.map((entry) => entry.mode ?? "delete")),
    maxSize: parseSize(input["maxSize"])?.value,
    streaming: input["streaming"] === true,
    chunkSize: parseSize(input["chunkSize"])?.value,
    ttl: parseDuration(input["ttl"])?.value,
    grace: parseDuration(input["grace"])?.value,
    timeout: parseDuration(input["timeout"])?.value,
    hardTimeout: parseDuration(input["hardTimeout"])?.value,
    warm: warm === undefined ? undefined : Object.freeze({ prefetch: Object.freeze([...warm.prefetch]), backfill: warm.backfill !== false }),
    lifetime: (input["lifetime"] as CacheModel["lifetime"] | undefined) ?? "static",
    exclusive: input["exclusive"] === true,
    strategy: input["strategy"] as CacheModel["strategy"],
    private: input["private"] === true,
    schema: isStandardSchema(input["value"]) ? input["value"] : undefined,
    validate: (input["validate"] as CacheModel["validate"] | undefined) ?? "read",
    version: input["version"] as CacheModel["version"],
  });
}
