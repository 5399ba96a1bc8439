// Types for measure.mjs (plain ESM so `node bench/types/run.mjs` needs no loader).
export interface Figures {
  /** Errors in bench/types/.generated/ files, as tsc printed them. */
  errors: string[];
  /** Errors elsewhere in the program (src/), which both variants share. */
  otherErrors: string[];
  instantiations: number;
  types: number;
  checkSeconds: number;
  memoryMB: number;
}
export declare const BENCH_COMPILERS: Record<"5.9" | "6.0" | "7.0", { tsc: string; flags: string[] }>;
export declare function measureProject(project: string, ts: "5.9" | "6.0" | "7.0"): Figures;
export declare function measureProjectAsync(project: string, ts: "5.9" | "6.0" | "7.0"): Promise<Figures>;
