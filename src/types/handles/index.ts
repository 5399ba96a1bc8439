export type { Owned, SetOptions } from "./owned.js";
export type { Borrowed } from "./borrowed.js";
export type { KeyOf, ValueOf, CheckKey } from "./keys.js";
export type { ReadValue, ReadMeta, ByteSource } from "./read.js";
export type { Layer, Followed, ResolveCache, LayerOf } from "./layer.js";
export type { RequestScopeHandle, RequestCaches } from "./scope.js";
export type { CreateLayer, LayerOptions, Source, ListingSource, OwnedCaches } from "./create-layer.js";
export type { Forbidden } from "./forbidden.js";
export type { HandleBrand } from "./brand.js";
