// Types for pack.mjs (plain ESM so `node bench/types/run.mjs` needs no loader).
export declare function installPackedTarball(dir?: string): string;
