// Types for generate.mjs (plain ESM so `node bench/types/run.mjs` needs no loader).
export declare const SIZES: number[];
export declare const GENERATED_DIR: string;
export declare const USE_SITES: number;
export type Shape = "chains" | "nested";
export declare const SHAPES: Shape[];
export declare function setImportFrom(from: "src" | "package"): void;
export declare function cacheSource(i: number, size: number, shape?: Shape): string;
export declare function intruderSource(size: number): string;
export declare function manifestSource(variant: "rules" | "bare" | "intruder", size: number, shape?: Shape): string;
export declare function caseName(variant: "rules" | "bare" | "use-rules" | "use-one-rules", size: number, shape?: Shape): string;
export declare function useSiteCaches(size: number): number[];
export declare function useSiteSource(size: number, sites?: number): string;
export declare function tsconfigSource(entry: string): string;
export declare function writeCase(dir: string, name: string, source: string): string;
export declare function writeAll(sizes?: number[], dir?: string, shapes?: Shape[]): Record<string, string>;
