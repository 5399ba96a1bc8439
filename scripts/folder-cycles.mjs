#!/usr/bin/env node
// Prints the folder-level import graph of src/ and exits 1 if folders import each other in a cycle.
// A folder is the architecture (runtime/contracts below runtime/cache below runtime/handles …): a cycle
// means two folders depend on each other and the tree no longer says what is built on what.
//   node scripts/folder-cycles.mjs           the cycles, if any
//   node scripts/folder-cycles.mjs --graph   every folder → folder edge with its import count
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

/** Every `.ts` file under `dir`. */
function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return (
      statSync(path).isDirectory() ? sourceFiles(path)
      : path.endsWith(".ts") ? [path]
      : []
    );
  });
}

/** folder → folder → number of imports, for relative imports (type-only and dynamic ones included). */
export function folderGraph() {
  const graph = new Map();
  for (const file of sourceFiles(root)) {
    const from = relative(root, dirname(file)) || ".";
    for (const match of readFileSync(file, "utf8").matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)) {
      const to = relative(root, dirname(resolve(dirname(file), match[1]))) || ".";
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map();
      edges.set(to, (edges.get(to) ?? 0) + 1);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** The strongly connected components with more than one folder (Tarjan): each is a cycle. */
export function folderCycles(graph = folderGraph()) {
  let next = 0;
  const index = new Map(),
    low = new Map(),
    stack = [],
    onStack = new Set(),
    cycles = [];
  const visit = (folder) => {
    index.set(folder, next);
    low.set(folder, next++);
    stack.push(folder);
    onStack.add(folder);
    for (const to of graph.get(folder)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(folder, Math.min(low.get(folder), low.get(to)));
      } else if (onStack.has(to)) low.set(folder, Math.min(low.get(folder), index.get(to)));
    }
    if (low.get(folder) !== index.get(folder)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== folder);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const folder of graph.keys()) if (!index.has(folder)) visit(folder);
  return cycles;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const graph = folderGraph();
  if (process.argv.includes("--graph")) {
    for (const [from, edges] of [...graph].sort()) for (const [to, count] of [...edges].sort()) console.log(`${from} -> ${to} (${count})`);
  }
  const cycles = folderCycles(graph);
  for (const cycle of cycles) console.log(`✗ folders import each other: ${cycle.join(" ↔ ")}`);
  if (cycles.length === 0) console.log("no folder-level import cycle in src/");
  process.exit(cycles.length === 0 ? 0 : 1);
}
