// Types for measure.mjs (plain ESM so `node bench/types/run.mjs` needs no loader).
export interface Figures {
  errors: number;
  errorLines: string[];
  instantiations: number;
  types: number;
  checkSeconds: number;
  memoryMB: number;
}
export declare const BENCH_COMPILERS: Record<"5.9" | "6.0" | "7.0", { tsc: string; flags: string[] }>;
export declare function measureProject(project: string, ts: "5.9" | "6.0" | "7.0"): Figures;
export declare function measureProjectAsync(project: string, ts: "5.9" | "6.0" | "7.0"): Promise<Figures>;
