import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ByteIndex } from "../../src/runtime/stores/byte-index.js";

describe("ByteIndex: an index of keys in order of use, with their bytes summed", () => {
  it("keeps the sum in step through set, replace, delete and clear, and moves a set key to the end", () => {
    const index = new ByteIndex<{ bytes: number; tag?: string }>();
    index.set("a", { bytes: 10 });
    index.set("b", { bytes: 20 });
    index.set("c", { bytes: 5 });
    assert.equal(index.bytes, 35);
    index.set("a", { bytes: 7, tag: "again" });
    assert.equal(index.bytes, 32);
    assert.deepEqual([...index.keys()], ["b", "c", "a"]);
    assert.deepEqual(index.get("a"), { bytes: 7, tag: "again" });
    assert.equal(index.delete("b"), true);
    assert.equal(index.delete("b"), false);
    assert.equal(index.bytes, 12);
    assert.deepEqual(
      [...index],
      [
        ["c", { bytes: 5 }],
        ["a", { bytes: 7, tag: "again" }],
      ],
    );
    index.clear();
    assert.equal(index.bytes, 0);
    assert.equal(index.has("c"), false);
  });
});
