export type { DefineManifest, Manifest, ValidateWith } from "./define-manifest.js";
export type { Verdicts } from "./check-cache.js";
export type { Typed, TypedValue, ValueSpec, SchemaOutput } from "./typed.js";
export type { CacheSpec, ManifestSpec, ManifestInput, SizeString, DurationString, DefaultLayers } from "./input.js";
export type { CacheName, LayerName, LayersOf, PrimaryOf } from "./access.js";
export type { IsSize, IsDuration, IsLonger } from "./literals.js";
