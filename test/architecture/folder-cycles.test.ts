// Folders are the architecture: each folder under src/ imports only folders below it. A cycle (two
// folders importing each other, directly or around a loop) fails here with the folders named.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { folderCycles, folderGraph } from "../../scripts/folder-cycles.mjs";

describe("folder layering", () => {
  it("no folder of src/ imports a folder that imports it back", () => {
    assert.deepEqual(folderCycles(), []);
  });

  it("the checker finds a cycle when there is one", () => {
    const graph = new Map([
      ["a", new Map([["b", 1]])],
      ["b", new Map([["c", 1]])],
      ["c", new Map([["a", 1]])],
      ["d", new Map([["a", 1]])],
    ]);
    assert.deepEqual(folderCycles(graph), [["a", "b", "c"]]);
  });

  it("the contracts are a leaf: runtime/contracts imports no other folder", () => {
    assert.deepEqual([...(folderGraph().get("runtime/contracts")?.keys() ?? [])], []);
  });
});
