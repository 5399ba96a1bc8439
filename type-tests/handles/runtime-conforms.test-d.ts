// Compile-time only: the run-time classes and the public types describe the same objects. The public
// `Layer`, `Owned` and `Borrowed` are declared in src/types and the runtime in src/runtime, joined in
// src/index.ts by a cast; these checks make a drift between the two (a method added, renamed or
// removed on one side only, a different return type) a compile error.
import type { LayerRuntime } from "../../src/runtime/layer/layer-runtime.js";
import type { OwnedHandle } from "../../src/runtime/handles/owned-handle.js";
import type { BorrowedHandle } from "../../src/runtime/handles/borrowed-handle.js";
import type { LayerOptions as RuntimeLayerOptions } from "../../src/runtime/layer/create-layer.js";
import type { borrowedBrand, ownedBrand } from "../../src/types/handles/brand.js";
import { defineManifest, typed, type Borrowed, type InvalidateOptions, type Layer, type LayerOptions, type Owned } from "../../src/index.js";

/** `true` exactly when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** The public members of a handle type (its phantom brand is not a run-time member). */
type Members<T> = Exclude<keyof T, typeof ownedBrand | typeof borrowedBrand>;

export const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"], value: typed<{ name: string }>() },
    video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "1MB" },
    data_cache: { primary: "server", owns: ["data:*"], warm: { prefetch: ["data:*"] } },
  },
});

// Every member of the public handles exists on the run-time classes, and nothing else is public there.
export const ownedMembers: Equal<Members<Owned<typeof app, "user_data", "client">>, keyof OwnedHandle> = true;
export const streamingOwnedMembers: Equal<Members<Owned<typeof app, "video_cache", "edge">>, keyof OwnedHandle> = true;
export const borrowedMembers: Equal<Members<Borrowed<typeof app, "user_data", "server">>, keyof BorrowedHandle> = true;

// Every member of the public Layer exists on LayerRuntime (which adds `model`, `processId` and `ownerOf` for tests and tools).
export const layerMembers: Equal<Exclude<keyof Layer<typeof app, "server">, keyof LayerRuntime>, never> = true;
export const layerExtras: Equal<Exclude<keyof LayerRuntime, keyof Layer<typeof app, "server">>, "model" | "processId" | "ownerOf"> = true;

// The members whose types do not depend on the manifest are the same on both sides.
type SameMember<K extends keyof LayerRuntime & keyof Layer<typeof app, "server">> = Equal<LayerRuntime[K], Layer<typeof app, "server">[K]>;
export const sameRoute: SameMember<"route"> = true;
export const sameClock: SameMember<"clock"> = true;
export const sameStats: SameMember<"stats"> = true;
// `invalidate` is typed by the manifest on the public side (a target no cache covers is an error); the
// run time takes any string and refuses the same targets with the same text; both take the same options (the mode).
export const invalidateTakesAnyString: Equal<Parameters<LayerRuntime["invalidate"]>, [patternOrKey: string, options?: InvalidateOptions]> = true;
export const sameInvalidateOptions: Equal<Parameters<LayerRuntime["invalidate"]>[1], Parameters<Layer<typeof app, "server">["invalidate"]>[1]> = true;
export const sameInvalidateResult: Equal<ReturnType<LayerRuntime["invalidate"]>, ReturnType<Layer<typeof app, "server">["invalidate"]>> = true;
export const sameOnInvalidate: SameMember<"onInvalidate"> = true;
export const sameSweep: Equal<ReturnType<LayerRuntime["sweepChunks"]>, ReturnType<Layer<typeof app, "server">["sweepChunks"]>> = true;

// The run-time options are the public ones with the manifest erased: valid typed options are accepted as they are.
declare const keys: (pattern: string) => AsyncIterable<string>;
const typedOptions = {
  sources: { data_cache: { load: async (key: string) => ({ key }), keys } },
  processId: "p1",
} satisfies LayerOptions<typeof app, "server">;
export const erased: RuntimeLayerOptions = typedOptions;
