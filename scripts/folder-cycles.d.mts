/** folder → folder → number of imports, for every relative import under src/. */
export function folderGraph(): Map<string, Map<string, number>>;
/** The groups of folders that import each other in a cycle (empty when the tree is layered). */
export function folderCycles(graph?: Map<string, Map<string, number>>): string[][];
